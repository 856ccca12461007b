package fabric.sdn.internal.state;

import fabric.api.network.Access;
import fabric.api.network.AddressPrefix;
import fabric.api.network.Direction;
import fabric.api.network.PortRange;
import fabric.api.network.Protocol;
import fabric.api.network.SecurityRule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Security rules as one line of text for the journal: rules separated by {@code ;}, fields by a
 * space ({@code name priority direction access protocol sources source-ports destinations
 * destination-ports}), list items by {@code ,}. No field can hold those characters.
 */
public final class RuleCodec {

    private RuleCodec() {
    }

    /**
     * @param rules rules
     * @return their text
     */
    public static String encode(List<SecurityRule> rules) {
        StringBuilder sb = new StringBuilder();
        for (SecurityRule r : rules) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(r.name()).append(' ').append(r.priority()).append(' ').append(r.direction()).append(' ')
                    .append(r.access()).append(' ').append(r.protocol()).append(' ').append(join(r.sources()))
                    .append(' ').append(join(r.sourcePorts())).append(' ').append(join(r.destinations())).append(' ')
                    .append(join(r.destinationPorts()));
        }
        return sb.toString();
    }

    /**
     * @param text what {@link #encode} wrote
     * @return the rules
     * @throws IllegalArgumentException when the text is not that
     */
    public static List<SecurityRule> decode(String text) {
        List<SecurityRule> rules = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return rules;
        }
        for (String line : text.split(";")) {
            String[] f = line.split(" ");
            if (f.length != 9) {
                throw new IllegalArgumentException("not a rule: '" + line + "'");
            }
            rules.add(new SecurityRule(f[0], Integer.parseInt(f[1]), Direction.valueOf(f[2]), Access.valueOf(f[3]),
                    Protocol.valueOf(f[4]), list(f[5], AddressPrefix::parse), list(f[6], PortRange::parse),
                    list(f[7], AddressPrefix::parse), list(f[8], PortRange::parse)));
        }
        return rules;
    }

    private static String join(List<?> items) {
        StringBuilder sb = new StringBuilder();
        for (Object o : items) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(o);
        }
        return sb.toString();
    }

    private static <T> List<T> list(String text, Function<String, T> parse) {
        List<T> out = new ArrayList<>();
        for (String part : text.split(",")) {
            out.add(parse.apply(part));
        }
        return out;
    }
}
