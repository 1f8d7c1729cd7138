package io.torrentine.testing;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.conditions.ArchConditions.accessField;
import static com.tngtech.archunit.lang.conditions.ArchConditions.callMethodWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.PackageMatchers;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The layering rules of GUIDE.md and STYLE.md as ArchUnit rules, shared by every module's
 * architecture test through engine-core's test-jar. Every rule allows an empty selection, so it
 * keeps passing before the packages it guards exist and starts biting when they appear.
 */
public final class ArchitectureRules {

    /** The public API packages of engine-core (GUIDE.md, "Public API and internals"). */
    public static final List<String> CORE_API_PACKAGES = List.of(
            "io.torrentine.bencode",
            "io.torrentine.metainfo",
            "io.torrentine.session",
            "io.torrentine.alert",
            "io.torrentine.spi");

    /**
     * Netty types that a public constructor or method may take as a parameter: GUIDE.md wants
     * the session to accept the application's own event loops ("the session accepts an
     * {@code IoHandlerFactory} or a ready {@code EventLoopGroup}"). Injecting a resource is not
     * exposing one, so these are allowed as parameters only, never as a return type, field,
     * supertype or exception.
     */
    public static final Set<String> INJECTABLE_NETTY_TYPES = Set.of(
            "io.netty.channel.EventLoopGroup",
            "io.netty.channel.IoHandlerFactory");

    private ArchitectureRules() {
    }

    /**
     * The main (not test) classes of the module that a test class belongs to: the
     * {@code target/classes} next to the test's own {@code target/test-classes}, so that a
     * module's rules never see the classes of the modules it depends on.
     *
     * @param testClass a test class of the module
     * @return the module's main classes
     */
    public static JavaClasses mainClassesOf(Class<?> testClass) {
        Path testClasses = testClassesOf(testClass);
        Path mainClasses = testClasses.resolveSibling("classes");
        if (!Files.isDirectory(mainClasses)) {
            throw new IllegalStateException("no main classes at " + mainClasses + " (next to " + testClasses + ")");
        }
        return new ClassFileImporter().importPath(mainClasses);
    }

    /**
     * No class depends on a class in any of these packages.
     *
     * @param packageIdentifiers ArchUnit package patterns, e.g. {@code io.torrentine.dht..}
     * @param why the reason, shown when the rule fails
     * @return the rule
     */
    public static ArchRule mustNotDependOn(String why, String... packageIdentifiers) {
        return noClasses().should().dependOnClassesThat().resideInAnyPackage(packageIdentifiers)
                .allowEmptyShould(true)
                .because(why);
    }

    /**
     * No public or protected member of a public class in the given API packages mentions a Netty
     * type or an internal type in its signature (generic type arguments included), and no such
     * class extends or implements one; the only exception is {@link #INJECTABLE_NETTY_TYPES} as
     * parameters.
     *
     * @param apiPackages exact package names
     * @return the rule
     */
    public static ArchRule apiSignaturesHideNettyAndInternals(Collection<String> apiPackages) {
        DescribedPredicate<JavaClass> publicApiClass = DescribedPredicate.describe(
                "are public classes in " + apiPackages,
                c -> apiPackages.contains(c.getPackageName()) && isEffectivelyPublic(c));
        return classes().that(publicApiClass)
                .should(new ArchCondition<JavaClass>("expose no io.netty.. or ..internal.. type in a public signature") {
                    @Override
                    public void check(JavaClass apiClass, ConditionEvents events) {
                        checkSignatures(apiClass, events);
                    }
                })
                .allowEmptyShould(true)
                .because("the API is the contract users compile against (GUIDE.md: nothing public exposes"
                        + " a Netty type; internals may change in any release)");
    }

    /**
     * Library code never prints: no {@code System.out}, {@code System.err} or
     * {@code printStackTrace()} (it logs through SLF4J; only engine-examples prints).
     *
     * @return the rule
     */
    public static ArchRule noPrinting() {
        return noClasses()
                .should(accessField(System.class, "out"))
                .orShould(accessField(System.class, "err"))
                .orShould(callMethodWhere(target(name("printStackTrace"))
                        .and(target(owner(assignableTo(Throwable.class))))))
                .allowEmptyShould(true)
                .because("the library logs through SLF4J and never prints (only engine-examples prints)");
    }

    /**
     * Library code never uses {@code java.util.logging}.
     *
     * @return the rule
     */
    public static ArchRule noJavaUtilLogging() {
        return noClasses().should().dependOnClassesThat().resideInAPackage("java.util.logging..")
                .allowEmptyShould(true)
                .because("the library logs through SLF4J, so the application chooses the backend");
    }

    /**
     * The places where source code under a source root catches {@code Throwable}, alone or in a
     * multi-catch, as {@code path:line: text}.
     *
     * <p>This one rule reads sources rather than bytecode: javac compiles try-with-resources into
     * handlers that catch {@code Throwable}, and ArchUnit reports some of them as catch blocks,
     * so bytecode cannot tell them from a written {@code catch (Throwable t)}. Comments, string
     * and character literals are blanked out before matching.
     *
     * @param sourceRoot a {@code src/main/java} directory
     * @return the offending catch clauses; empty if there are none
     */
    public static List<String> catchesOfThrowable(Path sourceRoot) {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
                String code = blankCommentsAndLiterals(Files.readString(file, StandardCharsets.UTF_8));
                Matcher m = CATCH_THROWABLE.matcher(code);
                while (m.find()) {
                    long line = code.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                    found.add(sourceRoot.relativize(file) + ":" + line + ": " + m.group().replaceAll("\\s+", " "));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /**
     * The main source root ({@code src/main/java}) of the module that a test class belongs to.
     *
     * @param testClass a test class of the module
     * @return the module's main source root
     */
    public static Path mainSourcesOf(Class<?> testClass) {
        Path moduleDir = testClassesOf(testClass).getParent().getParent();
        return moduleDir.resolve("src/main/java");
    }

    private static final Pattern CATCH_THROWABLE = Pattern.compile(
            "\\bcatch\\s*\\(\\s*(?:final\\s+)?(?:[\\w.]+\\s*\\|\\s*)*(?:java\\.lang\\.)?Throwable"
                    + "(?:\\s*\\|\\s*[\\w.]+)*\\s+\\w+\\s*\\)");

    /** Replaces comments and string, text-block and char literals by spaces, keeping newlines. */
    static String blankCommentsAndLiterals(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int n = source.length();
        int i = 0;
        while (i < n) {
            String open;
            String close;
            if (source.startsWith("//", i)) {
                open = "//";
                close = "\n";
            } else if (source.startsWith("/*", i)) {
                open = "/*";
                close = "*/";
            } else if (source.startsWith("\"\"\"", i)) {
                open = "\"\"\"";
                close = open;
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                open = String.valueOf(source.charAt(i));
                close = open;
            } else {
                out.append(source.charAt(i++));
                continue;
            }
            boolean escapes = !open.startsWith("/");
            int from = i;
            i += open.length();
            while (i < n && !source.startsWith(close, i)) {
                i += escapes && source.charAt(i) == '\\' ? 2 : 1;
            }
            // A line comment ends before its newline, which stays.
            i = Math.min(n, close.equals("\n") ? i : i + close.length());
            for (int k = from; k < i; k++) {
                out.append(source.charAt(k) == '\n' ? '\n' : ' ');
            }
        }
        return out.toString();
    }

    /**
     * The bytecode rules for every library module's main code: no printing, no
     * {@code java.util.logging}. (No catching {@code Throwable}: see {@link #catchesOfThrowable}.)
     *
     * @return the rules
     */
    public static List<ArchRule> libraryCodeRules() {
        return List.of(noPrinting(), noJavaUtilLogging());
    }

    private static Path testClassesOf(Class<?> testClass) {
        try {
            return Path.of(testClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + testClass, e);
        }
    }

    private static boolean isEffectivelyPublic(JavaClass javaClass) {
        for (JavaClass c = javaClass; c != null; c = c.getEnclosingClass().orElse(null)) {
            if (!c.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return !javaClass.isAnonymousClass() && !javaClass.isLocalClass();
    }

    private static boolean isVisibleToUsers(JavaMember member) {
        Set<JavaModifier> modifiers = member.getModifiers();
        return (modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED))
                && !modifiers.contains(JavaModifier.SYNTHETIC)
                && !modifiers.contains(JavaModifier.BRIDGE);
    }

    private static boolean isHidden(JavaClass type) {
        return PackageMatchers.of("io.netty..", "..internal..").test(type.getPackageName());
    }

    private static void checkSignatures(JavaClass apiClass, ConditionEvents events) {
        apiClass.getSuperclass().ifPresent(s -> report(apiClass, "its superclass", s.getAllInvolvedRawTypes(), t -> false, events));
        for (JavaType supertype : apiClass.getInterfaces()) {
            report(apiClass, "an interface it implements", supertype.getAllInvolvedRawTypes(), t -> false, events);
        }
        apiClass.getTypeParameters().forEach(p ->
                report(apiClass, "a type parameter bound", p.getAllInvolvedRawTypes(), t -> false, events));
        for (JavaField field : apiClass.getFields()) {
            if (isVisibleToUsers(field)) {
                report(field, "its type", field.getType().getAllInvolvedRawTypes(), t -> false, events);
            }
        }
        for (JavaCodeUnit codeUnit : apiClass.getCodeUnits()) {
            if (!isVisibleToUsers(codeUnit)) {
                continue;
            }
            report(codeUnit, "its return type", codeUnit.getReturnType().getAllInvolvedRawTypes(), t -> false, events);
            for (JavaType parameter : codeUnit.getParameterTypes()) {
                report(codeUnit, "a parameter", parameter.getAllInvolvedRawTypes(),
                        t -> INJECTABLE_NETTY_TYPES.contains(t.getName()), events);
            }
            codeUnit.getTypeParameters().forEach(p ->
                    report(codeUnit, "a type parameter bound", p.getAllInvolvedRawTypes(), t -> false, events));
            report(codeUnit, "its throws clause", Set.copyOf(codeUnit.getThrowsClause().getTypes()), t -> false, events);
        }
    }

    private static void report(Object where, String role, Set<JavaClass> involved, Predicate<JavaClass> allowed,
                               ConditionEvents events) {
        for (JavaClass type : involved) {
            if (isHidden(type) && !allowed.test(type)) {
                String description = where instanceof JavaMember member
                        ? member.getFullName() + " " + member.getSourceCodeLocation()
                        : ((JavaClass) where).getName() + " " + ((JavaClass) where).getSourceCodeLocation();
                events.add(SimpleConditionEvent.violated(where,
                        description + " exposes " + type.getName() + " in " + role));
            }
        }
    }
}
