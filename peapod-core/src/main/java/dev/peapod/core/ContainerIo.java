package dev.peapod.core;

import dev.peapod.core.container.ExecConfig;
import dev.peapod.core.define.ContainerRemovedException;
import dev.peapod.core.define.ContainerStatus;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidStateException;
import dev.peapod.core.attach.AttachStreams;
import dev.peapod.core.attach.Attachment;
import dev.peapod.core.attach.DetachKeys;
import dev.peapod.core.oci.OciRuntime;
import dev.peapod.core.sys.Terminal;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The interactive operations of a {@link Container} (attach, start attached, exec, resize): each checks the state
 * under the container's lock, connects the caller's streams through the OCI runtime, and releases the lock while
 * bytes flow, so that stop, kill and inspect go on meanwhile.
 */
final class ContainerIo {
    private static final Duration FOREVER = Duration.ofDays(3650);

    private ContainerIo() {
    }

    static Attachment attach(Container c, AttachStreams streams, DetachKeys keys) {
        Attachment a;
        try (var held = c.lock()) {
            c.syncLocked();
            ContainerStatus s = c.lastKnownState().state();
            if (s != ContainerStatus.RUNNING && s != ContainerStatus.CREATED) {
                throw new InvalidStateException("can only attach to created or running containers: container "
                        + c.name() + " is " + s.displayName());
            }
            a = open(c, streams, keys);
        }
        return exitCodeOnEnd(c, a);
    }

    static Attachment startAndAttach(Container c, AttachStreams streams, DetachKeys keys, Terminal.Size size) {
        Attachment a;
        try (var pod = c.podLockForStart()) {
            c.engine().containers().requireDependenciesRunning(c);
            try (var held = c.lock()) {
                c.syncLocked();
                ContainerStatus s = c.lastKnownState().state();
                if (s == ContainerStatus.RUNNING || s == ContainerStatus.PAUSED) {
                    throw new InvalidStateException("container " + c.name() + " is already " + s.displayName());
                }
                if (s == ContainerStatus.STOPPED) {
                    c.cleanupLocked();
                }
                s = c.lastKnownState().state();
                if (s == ContainerStatus.CONFIGURED || s == ContainerStatus.EXITED) {
                    c.initLocked();
                }
                a = open(c, streams, keys);
                try {
                    if (size != null && c.config().terminal()) {
                        a.resize(size); // before the process runs, so its first look at the size sees it
                    }
                    c.startLocked();
                } catch (RuntimeException e) {
                    a.close();
                    throw e;
                }
            }
        }
        return exitCodeOnEnd(c, a);
    }

    static Attachment exec(Container c, ExecConfig exec, AttachStreams streams, DetachKeys keys, Terminal.Size size) {
        try (var held = c.lock()) {
            c.syncLocked();
            ContainerStatus s = c.lastKnownState().state();
            if (s != ContainerStatus.RUNNING) {
                throw new InvalidStateException("can only create exec sessions on running containers: container "
                        + c.name() + " is " + s.displayName());
            }
            return c.engine().oci().exec(new OciRuntime.ExecRequest(c.id(), bundle(c), Ids.newId(),
                    exec, size), streams, keys);
        }
    }

    static void resize(Container c, Terminal.Size size) {
        String b = c.lastKnownState().bundlePath();
        if (b != null) {
            c.engine().oci().resize(c.id(), Path.of(b), size);
        }
    }

    private static Attachment open(Container c, AttachStreams streams, DetachKeys keys) {
        AttachStreams s = c.config().stdin() ? streams : new AttachStreams(null, streams.stdout(), streams.stderr());
        return c.engine().oci().attach(c.id(), bundle(c), s, c.config().terminal(), keys);
    }

    private static Path bundle(Container c) {
        String b = c.lastKnownState().bundlePath();
        if (b == null) {
            throw new InvalidStateException("container " + c.name() + " has no bundle: it is not created in the runtime");
        }
        return Path.of(b);
    }

    /** The attachment, whose result on the process's end carries the container's exit code. */
    private static Attachment exitCodeOnEnd(Container c, Attachment a) {
        return new Attachment() {
            @Override
            public String sessionId() {
                return a.sessionId();
            }

            @Override
            public void resize(Terminal.Size size) {
                a.resize(size);
            }

            @Override
            public Result await() {
                Result r = a.await();
                if (r.detached()) {
                    return r;
                }
                try {
                    return new Result(false, c.waitForExit(FOREVER));
                } catch (ContainerRemovedException e) {
                    return new Result(false, c.engine().containers().exitOfRemoved(c));
                }
            }

            @Override
            public void close() {
                a.close();
            }
        };
    }
}
