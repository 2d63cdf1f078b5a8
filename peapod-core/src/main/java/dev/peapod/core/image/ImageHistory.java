package dev.peapod.core.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One step of an image's history ({@code podman image history}), newest first.
 *
 * @param id        the id of the image this step made: the image's own for the newest step, that of a stored image
 *                  whose layers are exactly those up to this step, else {@code <missing>}
 * @param created   when the step ran ({@link Instant#EPOCH} when unknown)
 * @param createdBy the command that made the step
 * @param size      the size of the layer the step made; 0 for a step that made none
 * @param comment   the step's comment ({@code import -m}, {@code commit -m})
 */
public record ImageHistory(String id, Instant created, String createdBy, long size, String comment) {
    /** The id podman shows for a step no stored image answers to. */
    public static final String MISSING = "<missing>";

    /** The steps of {@code image} from its config, newest first, with ids from {@code all} and sizes from the store. */
    static List<ImageHistory> of(Image image, JsonNode config, List<Image> all, LayerStore layers) {
        List<ImageHistory> out = new ArrayList<>();
        List<String> diffIds = image.diffIds();
        int layer = 0;
        JsonNode history = config.path("history");
        if (history.isEmpty()) {
            for (String d : diffIds) {
                layer++;
                out.add(new ImageHistory(idOf(diffIds.subList(0, layer), all), Instant.EPOCH, "",
                        layers.size(Digest.parse(d)), ""));
            }
        } else {
            for (JsonNode h : history) {
                boolean empty = h.path("empty_layer").asBoolean(false) || layer >= diffIds.size();
                long size = empty ? 0 : layers.size(Digest.parse(diffIds.get(layer)));
                if (!empty) {
                    layer++;
                }
                out.add(new ImageHistory(idOf(diffIds.subList(0, layer), all), time(h.path("created").asText("")),
                        h.path("created_by").asText(""), size, h.path("comment").asText("")));
            }
        }
        List<ImageHistory> newestFirst = new ArrayList<>(out.reversed());
        if (!newestFirst.isEmpty()) {
            ImageHistory top = newestFirst.getFirst();
            newestFirst.set(0, new ImageHistory(image.id(), top.created(), top.createdBy(), top.size(), top.comment()));
            for (int i = 1; i < newestFirst.size(); i++) {
                if (newestFirst.get(i).id().equals(image.id())) {
                    ImageHistory h = newestFirst.get(i);
                    newestFirst.set(i, new ImageHistory(MISSING, h.created(), h.createdBy(), h.size(), h.comment()));
                }
            }
        }
        return newestFirst;
    }

    private static String idOf(List<String> layers, List<Image> all) {
        if (layers.isEmpty()) {
            return MISSING;
        }
        return all.stream().filter(i -> i.diffIds().equals(layers)).map(Image::id).findFirst().orElse(MISSING);
    }

    private static Instant time(String s) {
        try {
            return s.isEmpty() ? Instant.EPOCH : OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
