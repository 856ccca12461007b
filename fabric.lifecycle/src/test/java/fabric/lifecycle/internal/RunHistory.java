package fabric.lifecycle.internal;

import fabric.api.journal.JournalRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A journal reduced to what a crash must not change: every run, BMC and node-state event with its
 * fields, in order, except the two a restart legitimately changes: whether a step found its effect
 * already there ({@code verified}), the words describing what it did ({@code detail}) and how long it
 * took ({@code elapsed}).
 */
final class RunHistory {

    private RunHistory() {
    }

    static List<String> of(List<JournalRecord> records) {
        List<String> out = new ArrayList<>();
        for (JournalRecord r : records) {
            if (!r.type().startsWith("lifecycle.") && !r.type().startsWith("test.")) {
                continue;
            }
            Map<String, String> fields = new TreeMap<>(r.fields());
            if (r.type().equals("lifecycle.run-step-done")) {
                fields.remove("verified");
                fields.remove("detail");
                fields.remove("elapsed");
            }
            out.add(r.type() + " " + fields);
        }
        return out;
    }
}
