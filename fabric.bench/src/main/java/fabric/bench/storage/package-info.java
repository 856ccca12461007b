/** Benchmarks of the storage engine: Reed-Solomon coding, block checksums, volume I/O. */
package fabric.bench.storage;
