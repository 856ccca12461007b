package fabric.sdn.internal.firewall;

import fabric.api.network.AddressPrefix;
import fabric.api.network.Direction;
import fabric.api.network.NetworkSecurityGroupSpec;
import fabric.api.network.PortRange;
import fabric.api.network.Protocol;
import fabric.api.network.SecurityRule;
import fabric.api.network.ShadowedRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the rules of a group that can never decide because one rule with a lower priority number
 * matches everything they match (service tags are compared by name: a tag is covered only by the
 * same tag or by {@code *}). A rule covered only by the union of several rules is not reported.
 */
final class Shadowing {

    private Shadowing() {
    }

    static List<ShadowedRule> find(NetworkSecurityGroupSpec spec) {
        List<ShadowedRule> out = new ArrayList<>();
        for (Direction d : Direction.values()) {
            List<SecurityRule> rules = CompiledGroup.ordered(spec, d);
            for (int j = 0; j < rules.size(); j++) {
                SecurityRule inner = rules.get(j);
                for (int i = 0; i < j; i++) {
                    SecurityRule outer = rules.get(i);
                    if (covers(outer, inner)) {
                        out.add(new ShadowedRule(inner.name(), outer.name(), outer.access() == inner.access()));
                        break;
                    }
                }
            }
        }
        return out;
    }

    static boolean covers(SecurityRule outer, SecurityRule inner) {
        return (outer.protocol() == Protocol.ANY || outer.protocol() == inner.protocol())
                && addressesCover(outer.sources(), inner.sources())
                && addressesCover(outer.destinations(), inner.destinations())
                && portsCover(outer.sourcePorts(), inner.sourcePorts())
                && portsCover(outer.destinationPorts(), inner.destinationPorts());
    }

    private static boolean addressesCover(List<AddressPrefix> outer, List<AddressPrefix> inner) {
        for (AddressPrefix in : inner) {
            boolean covered = false;
            for (AddressPrefix out : outer) {
                if (out.covers(in)) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    private static boolean portsCover(List<PortRange> outer, List<PortRange> inner) {
        for (PortRange in : inner) {
            boolean covered = false;
            for (PortRange out : outer) {
                if (out.covers(in)) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                return false;
            }
        }
        return true;
    }
}
