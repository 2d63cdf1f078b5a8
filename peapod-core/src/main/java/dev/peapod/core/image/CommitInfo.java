package dev.peapod.core.image;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a commit records besides the layer and the runtime configuration, where podman 4.3.1 records it: the image
 * config's {@code author} and {@code comment} ({@code image inspect}'s Author and Comment) and the new history entry's
 * {@code created_by}, {@code author} and {@code comment} ({@code history}'s CREATED BY and COMMENT).
 *
 * @param createdBy      the history entry's {@code created_by}
 * @param author         the author ({@code commit -a}); "" for none
 * @param message        the image's comment ({@code commit -m}); "" for none
 * @param historyComment the history entry's comment (podman: {@code FROM IMAGE})
 * @param excluded       the paths of the upper directory ({@code /etc/hosts}...) left out of the layer: the engine's
 *                       own mount points, which podman's commit leaves out too; null for none
 */
public record CommitInfo(String createdBy, String author, String message, String historyComment,
                         Predicate<String> excluded) {
    public CommitInfo {
        excluded = Objects.requireNonNullElse(excluded, p -> false);
        createdBy = Objects.requireNonNullElse(createdBy, "");
        author = Objects.requireNonNullElse(author, "");
        message = Objects.requireNonNullElse(message, "");
        historyComment = Objects.requireNonNullElse(historyComment, "");
    }
}
