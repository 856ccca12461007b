package fabric.api.oem;

/** The kinds of firmware-bearing components of a server that the fabric updates. */
public enum ComponentKind {
    /** The system firmware (BIOS/UEFI). */
    BIOS,
    /** The baseboard management controller (iDRAC, iLO, XClarity Controller, CIMC). */
    BMC,
    /** The network adapters. */
    NIC,
    /** The storage controller or boot device controller (HBA, RAID, BOSS). */
    STORAGE_CONTROLLER,
    /** The data drives (SSD, NVMe, HDD). */
    DRIVE
}
