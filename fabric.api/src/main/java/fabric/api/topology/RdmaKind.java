package fabric.api.topology;

/** The remote-DMA transport a NIC offers for storage traffic (SMB Direct). */
public enum RdmaKind {
    /** RDMA over Converged Ethernet (v2); needs DCB with PFC on the storage class. */
    ROCE,
    /** Internet Wide-area RDMA Protocol, over TCP. */
    IWARP,
    /** No RDMA. */
    NONE
}
