package fabric.api.topology;

/** The media of a physical disk, fastest first. */
public enum DiskMedia {
    /** Flash on the PCIe bus. */
    NVME,
    /** Flash behind SATA or SAS. */
    SSD,
    /** Spinning disk. */
    HDD
}
