package fabric.bench.oem;

import fabric.api.core.NodeId;
import fabric.api.oem.CertifiedBaseline;
import fabric.api.oem.ComponentKind;
import fabric.api.oem.FirmwarePackage;
import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.HardwareComponent;
import fabric.api.oem.InstalledFirmware;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.PowerState;
import fabric.api.oem.Prerequisite;
import fabric.api.oem.ValidationResult;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import oem.kit.Ed25519;
import oem.kit.PackageFormat;
import oem.kit.ProfileData;
import oem.kit.Sha256;
import oem.kit.SignedPackageValidator;
import oem.kit.tool.PackageBuilder;
import oem.kit.tool.SamplePayloads;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What checking a 1 MiB firmware package costs beyond hashing its payload (the baseline, work no
 * validator can skip): reading the {@code .fwpkg} ZIP, the Ed25519 signature of the manifest, and the
 * node checks (model, component, certification, downgrade, prerequisites).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class FirmwareValidationBenchmark {

    private static final int PAYLOAD = 1 << 20;

    private byte[] payload;
    private byte[] file;
    private FirmwarePackage pkg;
    private SignedPackageValidator validator;
    private NodeInventory node;
    private CertifiedBaseline target;

    /** Builds a signed package, a validator with the matching key, a node and a baseline. */
    @Setup
    public void setUp() {
        KeyPair keys = Ed25519.generate("bench");
        payload = SamplePayloads.of("bios-2-0", PAYLOAD);
        PackageDescriptor d = new PackageDescriptor("acme", "bios-2-0", "bios", FirmwareVersion.of("2.0"),
                Set.of("X-1"), Sha256.hex(payload), PAYLOAD, List.of(new Prerequisite("bmc", FirmwareVersion.of("1.5"))),
                true, Duration.ofSeconds(300));
        file = PackageBuilder.of(d).signedWith(keys.getPrivate()).build();
        pkg = PackageFormat.read("bios.fwpkg", file);
        target = new CertifiedBaseline("2", Map.of("bmc", FirmwareVersion.of("1.5"), "bios", FirmwareVersion.of("2.0")));
        ProfileData profile = new ProfileData("acme", "X-1", "ABMC", List.of(new HardwareComponent("bmc",
                ComponentKind.BMC, "ABMC"), new HardwareComponent("bios", ComponentKind.BIOS, "UEFI")), List.of(
                        new CertifiedBaseline("1", Map.of("bmc", FirmwareVersion.of("1.0"), "bios",
                                FirmwareVersion.of("1.0"))), target));
        validator = new SignedPackageValidator("acme", keys.getPublic(), List.of(profile));
        node = new NodeInventory(NodeId.of("node-1"), "acme", "X-1", List.of(
                new InstalledFirmware("bmc", ComponentKind.BMC, FirmwareVersion.of("1.5"), null, null),
                new InstalledFirmware("bios", ComponentKind.BIOS, FirmwareVersion.of("1.0"), null, null)),
                PowerState.ON, 1);
        if (!validator.validate(pkg, node, target, false).accepted()) {
            throw new IllegalStateException("the benchmark's package must be accepted");
        }
    }

    /** @return the SHA-256 of the payload: the reference */
    @Benchmark
    public String baseline() {
        return Sha256.hex(payload);
    }

    /** @return the package read from its file's bytes */
    @Benchmark
    public FirmwarePackage readPackage() {
        return PackageFormat.read("bios.fwpkg", file);
    }

    /** @return signature, vendor and payload checks */
    @Benchmark
    public ValidationResult validatePackage() {
        return validator.validatePackage(pkg);
    }

    /** @return every check against a node and a baseline */
    @Benchmark
    public ValidationResult validateForNode() {
        return validator.validate(pkg, node, target, false);
    }
}
