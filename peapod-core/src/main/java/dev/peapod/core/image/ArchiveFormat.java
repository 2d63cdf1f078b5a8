package dev.peapod.core.image;

import dev.peapod.core.define.InvalidArgumentException;
import java.util.Arrays;

/** The archive formats {@link ImageStore#save} writes, by podman's {@code --format} names. */
public enum ArchiveFormat {
    /** Docker's {@code docker save} layout: {@code manifest.json}, {@code HEX.json} configs, {@code HEX.tar} layers. */
    DOCKER_ARCHIVE("docker-archive"),
    /** An OCI image layout in a tar: {@code oci-layout}, {@code index.json}, {@code blobs/sha256/HEX}. */
    OCI_ARCHIVE("oci-archive");

    private final String flag;

    ArchiveFormat(String flag) {
        this.flag = flag;
    }

    /** podman's name of the format. */
    public String flag() {
        return flag;
    }

    /**
     * The format podman calls {@code name}.
     *
     * @throws InvalidArgumentException for directory formats (not written yet) and unknown names
     */
    public static ArchiveFormat of(String name) {
        for (ArchiveFormat f : values()) {
            if (f.flag.equals(name)) {
                return f;
            }
        }
        if (name.equals("oci-dir") || name.equals("docker-dir")) {
            throw new InvalidArgumentException("format \"" + name + "\" is not supported yet: use docker-archive or "
                    + "oci-archive");
        }
        throw new InvalidArgumentException("unknown format \"" + name + "\": use one of "
                + Arrays.stream(values()).map(ArchiveFormat::flag).toList());
    }
}
