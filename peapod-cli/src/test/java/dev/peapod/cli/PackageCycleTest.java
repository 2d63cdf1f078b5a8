package dev.peapod.cli;

import dev.peapod.core.testing.PackageCycles;
import dev.peapod.core.testing.SourceSizes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CLI's packages depend on each other without cycles (house rule 14), read from the compiled classes. */
class PackageCycleTest {
    @Test
    void noCyclesBetweenCliPackages() {
        PackageCycles.assertNone(Path.of("target/classes"), "dev.peapod");
    }

    @Test
    void noMainSourceFileIsOverFiveHundredLines() {
        SourceSizes.assertNoneOver(Path.of("src/main/java"));
    }
}
