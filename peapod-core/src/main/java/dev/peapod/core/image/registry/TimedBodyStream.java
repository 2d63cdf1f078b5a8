package dev.peapod.core.image.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} whose every read waits at most a given time for the next bytes: a server
 * that stops sending mid-body gives an {@link HttpTimeoutException} instead of a read that blocks forever (the JDK's
 * own body streams have no such limit). One buffer list is requested at a time, so memory stays bounded.
 */
final class TimedBodyStream extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
    private static final Object END = new Object();
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final long timeoutMillis;
    private final String what;
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> buffers;
    private ByteBuffer current;
    private boolean done;

    TimedBodyStream(long timeoutMillis, String what) {
        this.timeoutMillis = timeoutMillis;
        this.what = what;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(t);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || !current.hasRemaining()) {
            if (buffers != null && buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (done) {
                return -1;
            }
            Object o;
            try {
                o = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new java.io.InterruptedIOException("interrupted while reading " + what);
            }
            if (o == null) {
                close();
                throw new HttpTimeoutException("no data from the registry for " + timeoutMillis + " ms while reading "
                        + what);
            }
            if (o == END) {
                done = true;
                return -1;
            }
            if (o instanceof Throwable t) {
                done = true;
                throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) o;
            buffers = list.iterator();
            subscription.request(1);
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    /** Reads the whole body, failing when it is longer than {@code limit} bytes. */
    byte[] readLimited(int limit) throws IOException {
        byte[] data = readNBytes(limit + 1);
        if (data.length > limit) {
            close();
            throw new IOException(what + " is larger than " + limit + " bytes");
        }
        return data;
    }

    @Override
    public void close() {
        done = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
