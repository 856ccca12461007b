package fabric.journal;

import fabric.api.core.FabricException;
import fabric.api.journal.EventType;
import fabric.api.journal.Journal;
import fabric.api.journal.JournalRecord;
import fabric.api.journal.JournalTailer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The fabric's {@link Journal} service: a {@link ChronicleJournal} in the directory named by
 * configuration {@code fabric.journal}, by default {@code journal} in the fabric's data directory
 * (framework property {@code fabric.data}). It is also registered as {@link InspectableJournal} for
 * the {@code journal:info} command.
 *
 * <p>Activation fails with the journal's {@link FabricException} when a queue file is corrupt.
 */
@Component(service = {Journal.class, InspectableJournal.class}, configurationPid = JournalConfig.PID)
@Designate(ocd = JournalConfig.class)
public final class JournalComponent implements InspectableJournal {

    private final ChronicleJournal journal;

    /**
     * @param config the directory, roll cycle and sync mode
     * @param context for the framework property {@code fabric.data}
     * @throws FabricException {@code INVALID_ARGUMENT} for an unknown roll cycle; {@code INTERNAL} when
     *         the journal cannot be opened
     */
    @Activate
    public JournalComponent(JournalConfig config, BundleContext context) {
        // Chronicle's classes initialise (and find their logging back end) on first use: do it in this
        // bundle's class loader, not SCR's.
        ClassLoader previous = BundleLoader.enter();
        try {
            this.journal = new ChronicleJournal(settings(config, context.getProperty(JournalConfig.DATA_PROPERTY)));
        } finally {
            BundleLoader.exit(previous);
        }
    }

    /**
     * @param config the configuration
     * @param dataDirectory the framework property {@code fabric.data}; may be {@code null}
     * @return the settings the configuration describes
     */
    static JournalSettings settings(JournalConfig config, String dataDirectory) {
        return new JournalSettings(directory(config.directory(), dataDirectory),
                JournalSettings.rollCycle(config.rollCycle()), config.syncMode(), Clock.systemUTC());
    }

    /**
     * @param configured the configured directory; may be empty
     * @param dataDirectory the fabric's data directory; may be {@code null} or empty
     * @return the configured directory, else {@code journal} in the data directory (default {@code fabric-data})
     */
    static Path directory(String configured, String dataDirectory) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip());
        }
        String data = dataDirectory == null || dataDirectory.isBlank() ? JournalConfig.DEFAULT_DATA
                : dataDirectory.strip();
        return Path.of(data, "journal");
    }

    @Deactivate
    void deactivate() {
        journal.close();
    }

    @Override
    public <E extends Record> long append(EventType<E> type, E event) {
        return journal.append(type, event);
    }

    @Override
    public long lastIndex() {
        return journal.lastIndex();
    }

    @Override
    public JournalTailer tail(long fromIndex) {
        return journal.tail(fromIndex);
    }

    @Override
    public JournalTailer tailFromEnd() {
        return journal.tailFromEnd();
    }

    @Override
    public List<JournalRecord> latest(int count) {
        return journal.latest(count);
    }

    @Override
    public JournalInfo info() {
        return journal.info();
    }
}
