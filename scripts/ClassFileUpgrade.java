import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Copies a jar, rewriting every class compiled for Java 5 or older (class file version below 50) as a
 * Java 8 class with stack map frames, so that the JDK's AOT cache can hold it. The JVM leaves such old
 * classes out of CDS and AOT archives; picocli ships as Java 5 classes, so without this every CLI start
 * parsed and verified about 230 picocli classes from the jar (about 60 ms). Behaviour is unchanged: the
 * bytecode is the same, only the version and the frames the newer verifier needs are added.
 *
 * <p>Usage: {@code java scripts/ClassFileUpgrade.java IN.jar OUT.jar}. Writes OUT atomically; prints how many
 * classes it rewrote. Exits 1 (OUT untouched) if any class cannot be rewritten.
 */
public final class ClassFileUpgrade {
    private static final int JAVA_6 = 50;
    private static final int JAVA_8 = 52;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java ClassFileUpgrade.java IN.jar OUT.jar");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        int upgraded = 0;
        try (var jarLoader = new URLClassLoader(new java.net.URL[] {in.toUri().toURL()}, null);
             var zin = new ZipInputStream(Files.newInputStream(in));
             var zout = new ZipOutputStream(Files.newOutputStream(tmp))) {
            ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(jarLoader))));
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                byte[] bytes = zin.readAllBytes();
                if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                    ClassModel model = cf.parse(bytes);
                    if (model.majorVersion() < JAVA_6) {
                        // rebuilding every method body makes the writer compute the stack map frames
                        bytes = cf.transformClass(model, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                .andThen(ClassTransform.endHandler(b -> b.withVersion(JAVA_8, 0))));
                        upgraded++;
                    }
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                zout.putNextEntry(copy);
                zout.write(bytes);
                zout.closeEntry();
            }
        } catch (RuntimeException ex) {
            Files.deleteIfExists(tmp);
            System.err.println("cannot upgrade the classes of " + in + ": " + ex);
            System.exit(1);
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("rewrote " + upgraded + " pre-Java-6 classes of " + in.getFileName());
    }
}
