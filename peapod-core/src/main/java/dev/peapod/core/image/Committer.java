package dev.peapod.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way an image enters the store, whatever made it (a pull, a load, an import, a commit of a container): staged
 * layers, a config blob and a manifest go in together under the store lock, or nothing does.
 */
final class Committer {
    private final StoreLock lock;
    private final ImageIndex index;
    private final BlobStore blobs;
    private final LayerStore layers;

    Committer(StoreLock lock, ImageIndex index, BlobStore blobs, LayerStore layers) {
        this.lock = lock;
        this.index = index;
        this.blobs = blobs;
        this.layers = layers;
    }

    /**
     * Checks that {@code staged} are exactly the config's {@code rootfs.diff_ids}, then, under the store lock, moves the
     * staged layers into place (sharing those the store has), stores the config and manifest blobs and adds the image
     * to the index with {@code names} (taken from any image that held them). Committing an image the store has already
     * only moves the names.
     *
     * @return the image as the index now holds it
     * @throws InvalidArgumentException          if the layers do not match the config, or the config is not JSON
     * @throws LayerStore.LayerVanishedException if a layer staged as {@linkplain LayerStore.StagedLayer#existing
     *                                           existing} was removed meanwhile; nothing is recorded then
     */
    Image commit(byte[] configBlob, byte[] manifest, List<String> names, List<LayerStore.StagedLayer> staged) {
        String id = Digest.sha256(configBlob).hex();
        JsonNode cfg = OciJson.parse(configBlob, "image config");
        List<String> diffIds = OciJson.diffIds(cfg);
        List<String> layerIds = staged.stream().map(l -> l.diffId().toString()).toList();
        if (!diffIds.equals(layerIds)) {
            throw new InvalidArgumentException("image config lists layers " + diffIds + " but the layers are " + layerIds);
        }
        return lock.locked(() -> {
            try {
                long size = 0;
                for (LayerStore.StagedLayer l : staged) {
                    size += layers.installLocked(l);
                }
                blobs.write(configBlob);
                Digest digest = blobs.write(manifest);
                Image image = new Image(id, List.of(), digest.toString(), OciJson.created(cfg), size,
                        OciJson.runtimeConfig(cfg.path("config")), diffIds);
                List<Image> all = index.update(images -> {
                    List<Image> next = new ArrayList<>(images);
                    if (ImageIndex.byId(images, id).isEmpty()) {
                        next.add(image);
                    }
                    return ImageIndex.giveNames(next, id, names);
                });
                return ImageIndex.byId(all, id).orElseThrow();
            } catch (IOException e) {
                throw new UncheckedIOException("committing image " + Ids.shortId(id) + ": " + e.getMessage(), e);
            }
        });
    }
}
