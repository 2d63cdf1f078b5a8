package dev.peapod.core.image.registry;

/**
 * What a pull or push reports while it runs, for a progress display. Methods may be called from several threads at
 * once (layers move in parallel) and must return quickly; every method does nothing by default.
 */
public interface TransferListener {
    /** A listener that ignores everything. */
    TransferListener NONE = new TransferListener() {
    };

    /** A reference is about to be tried (a short name may try several). */
    default void trying(String reference) {
    }

    /**
     * A blob transfer starts.
     *
     * @param size its size in bytes from the manifest
     */
    default void blobStarted(String digest, long size) {
    }

    /** {@code done} of {@code size} bytes of a blob have been transferred. */
    default void blobProgress(String digest, long done, long size) {
    }

    /** A blob is not transferred because the destination has it already. */
    default void blobSkipped(String digest) {
    }

    /** A blob was transferred and verified. */
    default void blobDone(String digest) {
    }

    /** A blob transfer broke and is resumed or restarted ({@code attempt} counts from 1). */
    default void blobRetrying(String digest, int attempt, String reason) {
    }

    /** The config blob was fetched or sent and verified. */
    default void configDone(String digest) {
    }

    /** Every blob is in place; the manifest is being written. */
    default void writingManifest() {
    }
}
