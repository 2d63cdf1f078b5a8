package dev.peapod.core.image;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.Arrays;

/** The archive formats {@link ImageStore#save} writes, by podman's {@code --format} names. */
public enum ArchiveFormat {
    /** Docker's {@code docker save} layout: {@code manifest.json}, {@code HEX.json} configs, {@code HEX.tar} layers. */
    DOCKER_ARCHIVE("docker-archive"),
    /** An OCI image layout in a tar: {@code oci-layout}, {@code index.json}, {@code blobs/sha256/HEX}. */
    OCI_ARCHIVE("oci-archive"),
    /** The OCI image layout as a directory. */
    OCI_DIR("oci-dir"),
    /** podman's {@code docker-dir}: {@code version}, a schema 2 {@code manifest.json}, blobs named by hex digest. */
    DOCKER_DIR("docker-dir");

    private final String flag;

    ArchiveFormat(String flag) {
        this.flag = flag;
    }

    /** Whether the format is a directory ({@code oci-dir}, {@code docker-dir}) rather than a tar archive. */
    public boolean directory() {
        return this == OCI_DIR || this == DOCKER_DIR;
    }

    /** podman's name of the format. */
    public String flag() {
        return flag;
    }

    /**
     * The format podman calls {@code name}.
     *
     * @throws InvalidArgumentException for an unknown name
     */
    public static ArchiveFormat of(String name) {
        for (ArchiveFormat f : values()) {
            if (f.flag.equals(name)) {
                return f;
            }
        }
        throw new InvalidArgumentException("unknown format \"" + name + "\": use one of "
                + Arrays.stream(values()).map(ArchiveFormat::flag).toList());
    }
}
