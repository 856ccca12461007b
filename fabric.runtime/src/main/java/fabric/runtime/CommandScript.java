package fabric.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a Gogo script into its top-level statements ({@code ;} or new line outside quotes and
 * brackets), so that each statement's result can be printed, and names the command a statement
 * calls.
 */
final class CommandScript {

    private CommandScript() {
    }

    /**
     * @param script the script
     * @return its statements, trimmed, without empty ones
     * @throws IllegalArgumentException for an unclosed quote or bracket
     */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        StringBuilder closers = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                current.append(c);
                if (c == '\\' && quote == '"' && i + 1 < script.length()) {
                    current.append(script.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'' -> {
                    quote = c;
                    current.append(c);
                }
                case '{', '(', '[' -> {
                    closers.append(c == '{' ? '}' : c == '(' ? ')' : ']');
                    current.append(c);
                }
                case '}', ')', ']' -> {
                    if (closers.length() == 0 || closers.charAt(closers.length() - 1) != c) {
                        throw new IllegalArgumentException("unexpected '" + c + "' at position " + (i + 1));
                    }
                    closers.setLength(closers.length() - 1);
                    current.append(c);
                }
                case ';', '\n' -> {
                    if (closers.length() == 0) {
                        add(statements, current);
                    } else {
                        current.append(c);
                    }
                }
                default -> current.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed quote " + quote);
        }
        if (closers.length() > 0) {
            throw new IllegalArgumentException("missing '" + closers.charAt(closers.length() - 1) + "'");
        }
        add(statements, current);
        return statements;
    }

    /**
     * @param statement a statement
     * @return the command it calls, as {@code scope:function} or a bare function, if it starts with a plain name
     */
    static Optional<String> command(String statement) {
        int end = 0;
        while (end < statement.length() && !Character.isWhitespace(statement.charAt(end))
                && statement.charAt(end) != '|') {
            end++;
        }
        String word = statement.substring(0, end);
        return word.matches("[A-Za-z][\\w.-]*(:[A-Za-z][\\w-]*)?") ? Optional.of(word) : Optional.empty();
    }

    private static void add(List<String> statements, StringBuilder current) {
        String s = current.toString().trim();
        if (!s.isEmpty() && !s.startsWith("#")) {
            statements.add(s);
        }
        current.setLength(0);
    }
}
