package dev.noiseshield.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePathScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every public type of the shipped code has a Javadoc comment (the API's promise, issue 28): the
 * sources parsed by javac, each public class, interface, record and enum, nested ones included,
 * asked for its doc comment. {@code mvn javadoc:javadoc} then has something to say of each.
 */
class JavadocCoverageTest {
    @Test
    void everyPublicTypeIsDocumented() throws Exception {
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(Path.of("src/main/java"))) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> undocumented = new ArrayList<>();
        int seen;
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            JavacTask task =
                    (JavacTask)
                            javac.getTask(
                                    null,
                                    files,
                                    null,
                                    List.of("-proc:none"),
                                    null,
                                    files.getJavaFileObjectsFromPaths(sources));
            DocTrees docs = DocTrees.instance(task);
            int[] count = {0};
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitClass(ClassTree type, Void unused) {
                        if (type.getModifiers().getFlags().contains(Modifier.PUBLIC)) {
                            count[0]++;
                            if (docs.getDocCommentTree(getCurrentPath()) == null) {
                                undocumented.add(
                                        unit.getSourceFile().getName()
                                                + ": "
                                                + type.getSimpleName());
                            }
                        }
                        return super.visitClass(type, null);
                    }
                }.scan(unit, null);
            }
            seen = count[0];
        }
        assertTrue(seen > 200, "the scan found the public types: " + seen);
        assertEquals(List.of(), undocumented, "public types without Javadoc");
    }
}
