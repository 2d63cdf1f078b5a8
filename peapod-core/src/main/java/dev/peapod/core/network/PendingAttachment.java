package dev.peapod.core.network;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A container's network while netavark sets it up ({@link PodNetworks#begin}): its namespace exists and its
 * addresses are leased, so the runtime can create the container in that namespace while netavark runs beside it.
 * {@link #await} before the container starts; {@link #settle} before anything tears the network down.
 */
public final class PendingAttachment {
    private final PodNetworks.Attachment provisional;
    private final CompletableFuture<PodNetworks.Attachment> done;
    private final Runnable tearDown;

    PendingAttachment(PodNetworks.Attachment provisional, CompletableFuture<PodNetworks.Attachment> done,
            Runnable tearDown) {
        this.provisional = provisional;
        this.done = done;
        this.tearDown = tearDown;
    }

    /** What is known before netavark answers: the namespace, addresses and gateways (no DNS servers yet). */
    public PodNetworks.Attachment provisional() {
        return provisional;
    }

    /**
     * Waits for netavark's setup.
     *
     * @return the attachment with what netavark reported (its DNS servers)
     * @throws RuntimeException netavark's failure, after the namespace and the lease were released
     */
    public PodNetworks.Attachment await() {
        try {
            return done.join();
        } catch (CompletionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
            try {
                tearDown.run();
            } catch (RuntimeException suppressed) {
                cause.addSuppressed(suppressed);
            }
            throw cause;
        }
    }

    /** Waits for netavark to end, whatever its outcome, so that a teardown after this never runs beside it. */
    public void settle() {
        try {
            done.join();
        } catch (CompletionException | CancellationException e) {
            // the caller is undoing: the teardown it runs next releases what was made
        }
    }
}
