package fabric.shell;

import java.util.ArrayList;
import java.util.List;

/** A text table: a header row and rows, columns aligned with two spaces between them. */
public final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** @param headers the column titles */
    public Table(String... headers) {
        this.columns = headers.length;
        rows.add(headers.clone());
    }

    /**
     * @param cells one cell per column; {@code null} prints as empty
     * @return this table
     */
    public Table row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row of this table has " + columns + " cells, not " + cells.length);
        }
        String[] row = new String[columns];
        for (int i = 0; i < columns; i++) {
            row[i] = cells[i] == null ? "" : cells[i].toString();
        }
        rows.add(row);
        return this;
    }

    /**
     * @param indent spaces before each line
     * @return the table, one line per row, each ending with a new line, no trailing spaces
     */
    public String render(int indent) {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(" ".repeat(indent));
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
