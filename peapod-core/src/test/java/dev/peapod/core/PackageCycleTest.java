package dev.peapod.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peapod.core.testing.PackageCycles;
import dev.peapod.core.testing.SourceSizes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Core's packages depend on each other without cycles (house rule 14), read from the compiled classes. */
class PackageCycleTest {
    @Test
    void noCyclesBetweenCorePackages() {
        PackageCycles.assertNone(Path.of("target/classes"), "dev.peapod.core");
    }

    @Test
    void theDefineVocabularyImportsNothingOfPeapod() {
        Map<String, Set<String>> deps = PackageCycles.graph(Path.of("target/classes"), "dev.peapod");
        assertThat(deps).containsKey("dev.peapod.core.define");
        assertThat(deps.get("dev.peapod.core.define")).isEmpty();
        // the walk sees real edges: the façade uses the vocabulary and the state database
        assertThat(deps.get("dev.peapod.core")).contains("dev.peapod.core.define", "dev.peapod.core.state");
    }

    @Test
    void aCycleIsFoundAndNamed() {
        Map<String, Set<String>> deps = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"),
                "d", Set.of());
        List<List<String>> cycles = PackageCycles.cycles(deps);
        assertThat(cycles).containsExactly(List.of("a", "b", "c"));
        assertThat(PackageCycles.describe(cycles.getFirst(), deps)).isEqualTo("a -> b -> c -> a");
        assertThat(PackageCycles.cycles(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
    }

    @Test
    void noMainSourceFileIsOverFiveHundredLines() {
        SourceSizes.assertNoneOver(Path.of("src/main/java"));
    }
}
