package dev.peapod.cli.image;

import dev.peapod.cli.EngineCommand;
import dev.peapod.cli.Filters;
import dev.peapod.cli.format.Output;
import dev.peapod.core.define.Ids;
import dev.peapod.core.define.InvalidArgumentException;
import dev.peapod.core.image.Digest;
import dev.peapod.core.image.Image;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code peapod image ls}, also {@code peapod images}: lists images. */
@Command(name = "ls", mixinStandardHelpOptions = true, header = "List images in local storage",
        description = "Lists images previously pulled to the system or created on the system.",
        customSynopsis = "${COMMAND-FULL-NAME} [options] [IMAGE]")
public final class ImageLsCommand extends EngineCommand {
    static final Set<String> SORTS = Set.of("created", "id", "repository", "size", "tag");

    @Option(names = {"-a", "--all"}, description = "Show all images (default hides intermediate images)")
    boolean all;

    @Option(names = "--digests", description = "Show digests")
    boolean digests;

    @Option(names = {"-f", "--filter"}, paramLabel = "strings", split = ",",
            description = "Filter output based on conditions provided (default [])")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "string",
            description = "Change the output format to JSON or a Go template")
    String format;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Option(names = {"-n", "--noheading"}, description = "Do not print column headings")
    boolean noHeading;

    @Option(names = {"-q", "--quiet"}, description = "Display only image IDs")
    boolean quiet;

    @Option(names = "--sort", paramLabel = "string", defaultValue = "created",
            description = "Sort by created, id, repository, size, tag (default \"created\")")
    String sort;

    @Parameters(paramLabel = "IMAGE", arity = "0..1", description = "Only images of this repository")
    String image;

    private static final Map<String, String> HEADERS = ImageRow.HEADERS;

    /** The {@code --filter} predicate (reference, dangling, label, before, since). */
    Predicate<Image> filter() {
        Map<String, Filters.Matcher<Image>> keys = new HashMap<>();
        keys.put("reference", (i, v) -> i.names().stream().anyMatch(n -> matches(n, v)));
        keys.put("dangling", (i, v) -> i.names().isEmpty() == v.equals("true"));
        keys.put("label", (i, v) -> Filters.label(i.config().labels(), v));
        keys.put("before", (i, v) -> i.created().isBefore(images().store().resolve(v).created()));
        keys.put("since", (i, v) -> i.created().isAfter(images().store().resolve(v).created()));
        List<String> all = new ArrayList<>(filters);
        if (image != null) {
            all.add("reference=" + image);
        }
        for (String f : all) {
            if (f.startsWith("dangling=") && !f.equals("dangling=true") && !f.equals("dangling=false")) {
                throw new InvalidArgumentException("invalid dangling filter \"" + f.substring(9)
                        + "\": use true or false");
            }
        }
        return Filters.parse(all, keys);
    }

    /**
     * Whether a name matches a reference pattern: {@code *} is a wildcard; a pattern without a tag matches any
     * tag; a short name matches the last part of the repository, as podman.
     */
    static boolean matches(String name, String pattern) {
        String repo = ImageReport.repository(name);
        String p = pattern.contains(":") && pattern.lastIndexOf(':') > pattern.lastIndexOf('/') ? pattern : pattern + ":*";
        String regex = "(.*/)?" + java.util.regex.Pattern.quote(p).replace("*", "\\E[^/]*\\Q");
        return name.matches(regex) || repo.equals(pattern);
    }

    @Override
    public Integer call() {
        if (!SORTS.contains(sort)) {
            throw new InvalidArgumentException("invalid option for --sort \"" + sort
                    + "\", options are: created, id, repository, size, tag");
        }
        Predicate<Image> keep = filter();
        Instant now = Instant.now();
        List<Image> found = new ArrayList<>(images().store().list().stream().filter(keep).toList());
        found.sort(switch (sort) {
            case "id" -> Comparator.comparing(Image::id);
            case "size" -> Comparator.comparingLong(Image::size);
            case "repository", "tag" -> Comparator.comparing(i -> i.names().isEmpty() ? "~" : i.names().getFirst());
            default -> Comparator.comparing(Image::created).reversed();
        });
        if (quiet) {
            for (String id : found.stream().map(i -> noTrunc ? Digest.ofHex(i.id()).toString() : Ids.shortId(i.id())).distinct()
                    .toList()) {
                out().println(id);
            }
            out().flush();
            return 0;
        }
        List<ImageReport> reports = found.stream().map(ImageReport::of).toList();
        if (Output.isJson(format)) {
            out().print(Output.list(format, reports, r -> r, "", HEADERS, noHeading));
        } else {
            List<ImageRow> rows = new ArrayList<>();
            for (ImageReport r : reports) {
                if (r.names().isEmpty()) {
                    rows.add(new ImageRow(r, null, noTrunc, now));
                }
                for (String n : r.names()) {
                    rows.add(new ImageRow(r, n, noTrunc, now));
                }
            }
            String cols = "{{.Repository}}\t{{.Tag}}" + (digests ? "\t{{.Digest}}" : "")
                    + "\t{{.ID}}\t{{.Created}}\t{{.Size}}";
            out().print(Output.list(format, rows, r -> r, cols, HEADERS, noHeading));
        }
        out().flush();
        return 0;
    }
}
