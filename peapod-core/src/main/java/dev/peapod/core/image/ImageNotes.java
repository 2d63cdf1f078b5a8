package dev.peapod.core.image;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The free-text fields of an image's config that {@code image inspect} shows: {@code author} and {@code comment}
 * (set by {@code commit -a} and {@code commit -f docker -m}); "" when the config has none.
 */
public record ImageNotes(String author, String comment) {
    /** The notes of {@code image}, read from its config blob in {@code store}. */
    public static ImageNotes of(ImageStore store, Image image) {
        JsonNode cfg = OciJson.parse(store.blob(image.id()), "the config of image " + image.id());
        return new ImageNotes(cfg.path("author").asText(""), cfg.path("comment").asText(""));
    }
}
