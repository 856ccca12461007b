package fabric.api.network;

/**
 * A rule that can never decide: a rule with a lower priority number matches everything it matches.
 *
 * @param rule the rule that never decides
 * @param shadowedBy the rule that decides instead
 * @param sameAccess true when both rules have the same access (the shadowed rule is redundant);
 *        false when the shadowed rule's intent is overridden
 */
public record ShadowedRule(String rule, String shadowedBy, boolean sameAccess) {
}
