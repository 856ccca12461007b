package fabric.lifecycle.internal;

import fabric.api.core.Names;
import fabric.api.lifecycle.HookRegistration;
import fabric.api.lifecycle.UpdateHook;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link UpdateHook}s registered now, as the whiteboard tracks them: by name, the highest
 * ranking (then the lowest service id) first. Thread-safe (copy on write). A service without a valid
 * {@value UpdateHook#NAME} property is ignored, because no run could name it.
 */
final class HookRegistry {

    /** One registered hook. */
    record Entry(String name, UpdateHook hook, String bundle, long serviceId, int ranking) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /**
     * @param name the hook's name property, or {@code null}
     * @param hook the service
     * @param bundle the registering bundle, for listing
     * @param serviceId its service id
     * @param ranking its service ranking
     * @return whether it was taken (false for a missing or invalid name)
     */
    boolean add(Object name, UpdateHook hook, String bundle, long serviceId, int ranking) {
        if (!(name instanceof String n) || !Names.isValid(n)) {
            System.getLogger(HookRegistry.class.getName()).log(System.Logger.Level.WARNING, "an update hook of "
                    + bundle + " has no valid " + UpdateHook.NAME + " property (" + name + "): ignored");
            return false;
        }
        entries.add(new Entry(n, hook, bundle, serviceId, ranking));
        return true;
    }

    /** @param hook a service that went away */
    void remove(UpdateHook hook) {
        entries.removeIf(e -> e.hook() == hook);
    }

    /**
     * @param name a hook's name
     * @return the hook called by that name now, if one is registered
     */
    Optional<UpdateHook> get(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).min(ORDER).map(Entry::hook);
    }

    private static final Comparator<Entry> ORDER = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    /** @return every registered hook, by name then call order */
    List<HookRegistration> list() {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::name).thenComparing(ORDER));
        return sorted.stream().map(e -> new HookRegistration(e.name(), e.bundle(), e.serviceId())).toList();
    }
}
