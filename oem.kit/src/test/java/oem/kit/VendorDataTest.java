package oem.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.FabricException;
import fabric.api.oem.ComponentKind;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A vendor's data files: loaded when consistent and signed, refused with the file named otherwise. */
class VendorDataTest {

    static final KeyPair KEYS = Ed25519.generate("vendor-data-test");

    static Map<String, byte[]> files(KeyPair signer) {
        Map<String, byte[]> f = new HashMap<>();
        f.put("vendor.json", utf8("{\"vendor\":\"acme\",\"name\":\"Acme\",\"sequencing\":{\"componentOrder\":"
                + "[\"BMC\",\"BIOS\",\"STORAGE_CONTROLLER\",\"NIC\",\"DRIVE\"],\"stageWhileRunning\":true,"
                + "\"applyImmediately\":[\"BMC\"],\"applyOnline\":[\"BMC\"],\"rebootAfter\":[],\"activatesInOrderAtReset\":true,\"stageSeconds\":30,"
                + "\"rebootSeconds\":300,\"summary\":\"acme\"}}"));
        f.put("profiles.json", utf8("{\"profiles\":[{\"model\":\"X-1\",\"bmcProduct\":\"ABMC\",\"components\":["
                + "{\"id\":\"bmc\",\"kind\":\"BMC\",\"description\":\"ABMC\"},{\"id\":\"bios\",\"kind\":\"BIOS\","
                + "\"description\":\"UEFI\"}],\"baselines\":[{\"name\":\"1\",\"versions\":{\"bmc\":\"1.0\",\"bios\":"
                + "\"1.0\"}},{\"name\":\"2\",\"versions\":{\"bmc\":\"1.5\",\"bios\":\"2.0\"}}]}]}"));
        f.put("signing-key.pub", utf8(Ed25519.text(KEYS.getPublic())));
        byte[] catalog = utf8("{\"vendor\":\"acme\",\"packages\":[" + new String(DescriptorJson.manifest(
                PackageFormatTest.BIOS), StandardCharsets.UTF_8) + "]}");
        f.put("catalog.json", catalog);
        f.put("catalog.json.sig", utf8(Base64.getEncoder().encodeToString(Ed25519.sign(signer.getPrivate(), catalog))));
        return f;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void consistentSignedDataLoads() {
        VendorData data = VendorData.load(files(KEYS)::get);
        assertEquals("acme", data.vendor());
        assertEquals("X-1", data.profiles().get(0).model());
        assertEquals("2", data.profiles().get(0).latestBaseline().name());
        assertEquals(1, data.catalog().packages().size());
        assertEquals(0, data.rules().rank(ComponentKind.BMC));
    }

    @Test
    void aCatalogSignedByAnotherKeyIsRefused() {
        FabricException e = assertThrows(FabricException.class, () -> VendorData.load(files(Ed25519.generate("other"))
                ::get));
        assertTrue(e.getMessage().startsWith("OEM-INF/catalog.json: its signature does not verify"), e.getMessage());
    }

    @Test
    void anAlteredCatalogIsRefused() {
        Map<String, byte[]> f = files(KEYS);
        f.put("catalog.json", utf8(new String(f.get("catalog.json"), StandardCharsets.UTF_8).replace("120", "12")));
        assertThrows(FabricException.class, () -> VendorData.load(f::get));
    }

    @Test
    void aMissingFileOrAnInconsistentProfileIsNamed() {
        Map<String, byte[]> f = files(KEYS);
        f.remove("signing-key.pub");
        FabricException missing = assertThrows(FabricException.class, () -> VendorData.load(f::get));
        assertEquals("OEM-INF/signing-key.pub: missing from the vendor bundle", missing.getMessage());

        Map<String, byte[]> g = files(KEYS);
        g.put("profiles.json", utf8(new String(g.get("profiles.json"), StandardCharsets.UTF_8)
                .replace("\"bios\":\"2.0\"", "\"nic\":\"2.0\"")));
        FabricException inconsistent = assertThrows(FabricException.class, () -> VendorData.load(g::get));
        assertTrue(inconsistent.getMessage().contains("must name exactly the components"), inconsistent.getMessage());
    }
}
