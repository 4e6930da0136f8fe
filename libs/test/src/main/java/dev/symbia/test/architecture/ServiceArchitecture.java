package dev.symbia.test.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The skeleton every service follows (docs/ARCHITECTURE.md), as rules its {@code ArchitectureTests}
 * check in {@code ./mvnw verify}:
 *
 * <pre>
 * class ArchitectureTests {
 *     &#64;Test
 *     void followsThePlatformSkeleton() {
 *         ServiceArchitecture.of(CatalogApplication.class).verify();
 *     }
 * }
 * </pre>
 *
 * A service that does not meet a rule yet names it with {@link #except(Rule, String)} and why, so the
 * debt is visible in one line of its test instead of silently tolerated; everything else stays enforced.
 * Rules not every service meets yet are off until a service turns them on with {@link #require(Rule)}.
 */
public final class ServiceArchitecture {

    /** What every service keeps to. */
    public enum Rule {
        /** No service depends on another service's (or the gateway's) code: they talk over HTTP and events. */
        NO_OTHER_SERVICE_CODE,
        /** The shared libraries know nothing of any one service. */
        LIBS_KNOW_NO_SERVICE,
        /** Feature packages ({@code dev.symbia.<service>.<feature>}) do not depend on each other in a cycle. */
        FEATURES_FREE_OF_CYCLES,
        /** Controllers are package-private: a feature's HTTP surface is not an API for other packages. */
        CONTROLLERS_PACKAGE_PRIVATE,
        /** Constructor injection only. */
        NO_FIELD_INJECTION,
        /**
         * Server-sent events are written with libs/web {@code dev.symbia.web.sse} (its headers, frames, heartbeat
         * and caller-gone handling), never with Spring's {@code SseEmitter}/{@code ResponseBodyEmitter}.
         */
        SSE_ON_LIBS_WEB,
        /** Settings are validated records under {@code symbia.<service>.*}. */
        PROPERTIES_ARE_VALIDATED_RECORDS,
        /**
         * Every class is in a JSpecify {@code @NullMarked} package (a {@code package-info.java}, written by
         * {@code scripts/null-marked.sh}): nothing is null unless declared {@code @Nullable}. Checked on the
         * service's classes and on the libraries' when they are on the class path as folders.
         */
        EVERY_PACKAGE_NULL_MARKED,
        /**
         * A top-level type is public only when code in another package (main or test) uses it: package-private by
         * default. Off unless {@link #require(Rule) required} (not every service meets it yet). Uses are read from
         * bytecode, where javac has inlined compile-time constants: a constant read across packages looks unused.
         */
        PUBLIC_ONLY_WHEN_USED_ELSEWHERE
    }

    /** Rules a service turns on with {@link #require(Rule)}; the others hold unless excepted. */
    private static final Set<Rule> OPT_IN = EnumSet.of(Rule.PUBLIC_ONLY_WHEN_USED_ELSEWHERE);

    private static final String ROOT = "dev.symbia";
    private static final String NULL_MARKED = "org.jspecify.annotations.NullMarked";
    private static final List<String> SERVICES = List.of("identity", "logging", "catalog", "assistants", "messaging",
            "runtime", "integrations", "models", "network", "gateway");
    private static final List<String> LIBS = List.of("core", "web", "db", "auth", "relay", "telemetry", "embeddedpg");

    private final String service;
    private final String servicePackage;
    private final Map<Rule, String> exceptions = new EnumMap<>(Rule.class);
    private final Set<Rule> required = EnumSet.noneOf(Rule.class);

    private ServiceArchitecture(Class<?> application) {
        this.servicePackage = application.getPackageName();
        this.service = servicePackage.substring(ROOT.length() + 1);
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException(application + " is not in a service's root package");
        }
    }

    /** The rules for the service whose application class this is (in {@code dev.symbia.<service>}). */
    public static ServiceArchitecture of(Class<?> application) {
        return new ServiceArchitecture(application);
    }

    /** A rule this service does not meet yet, and why: shown in the test, never hidden. */
    public ServiceArchitecture except(Rule rule, String why) {
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("say why " + rule + " does not hold yet");
        }
        exceptions.put(rule, why);
        return this;
    }

    /** Turns on a rule that is off by default ({@link Rule#PUBLIC_ONLY_WHEN_USED_ELSEWHERE}). */
    public ServiceArchitecture require(Rule rule) {
        required.add(rule);
        return this;
    }

    /** Checks every rule not excepted; fails with every violation of every rule at once. */
    public void verify() {
        JavaClasses serviceClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(servicePackage);
        if (serviceClasses.isEmpty()) {
            throw new AssertionError("no classes found in " + servicePackage);
        }
        JavaClasses libClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(LIBS.stream().map(lib -> ROOT + "." + lib).toList());
        List<String> failures = new ArrayList<>();
        for (Rule rule : Rule.values()) {
            if (exceptions.containsKey(rule) || OPT_IN.contains(rule) && !required.contains(rule)) {
                continue;
            }
            List<JavaClasses> subjects = switch (rule) {
                case LIBS_KNOW_NO_SERVICE -> List.of(libClasses);
                case EVERY_PACKAGE_NULL_MARKED -> List.of(serviceClasses, libClasses);
                // Tests are imported too, as users: a type a test in another package needs must stay public.
                case PUBLIC_ONLY_WHEN_USED_ELSEWHERE -> List.of(new ClassFileImporter().importPackages(servicePackage));
                default -> List.of(serviceClasses);
            };
            for (JavaClasses subject : subjects) {
                if (subject.isEmpty()) {
                    continue;
                }
                EvaluationResult result = definition(rule, serviceClasses).allowEmptyShould(true).evaluate(subject);
                if (result.hasViolation()) {
                    failures.add(rule + ":\n  " + String.join("\n  ", result.getFailureReport().getDetails()));
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(service + " breaks the platform skeleton (docs/ARCHITECTURE.md):\n"
                    + String.join("\n", failures));
        }
    }

    private ArchRule definition(Rule rule, JavaClasses mainClasses) {
        return switch (rule) {
            case NO_OTHER_SERVICE_CODE -> noClasses().should().dependOnClassesThat().resideInAnyPackage(
                    SERVICES.stream().filter(s -> !s.equals(service)).map(s -> ROOT + "." + s + "..").toArray(String[]::new));
            case LIBS_KNOW_NO_SERVICE -> noClasses().should().dependOnClassesThat().resideInAnyPackage(
                    SERVICES.stream().map(s -> ROOT + "." + s + "..").toArray(String[]::new));
            case FEATURES_FREE_OF_CYCLES -> slices().matching(servicePackage + ".(*)..").should().beFreeOfCycles();
            case CONTROLLERS_PACKAGE_PRIVATE -> classes()
                    .that().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
                    .or().areAnnotatedWith("org.springframework.stereotype.Controller")
                    .should().notBePublic();
            case SSE_ON_LIBS_WEB -> noClasses().should().dependOnClassesThat().haveNameMatching(
                    "org\\.springframework\\.web\\.servlet\\.mvc\\.method\\.annotation\\.(Sse|ResponseBody)Emitter(\\$.*)?")
                    .because("server-sent events are written with dev.symbia.web.sse (docs/ARCHITECTURE.md)");
            case NO_FIELD_INJECTION -> noFields()
                    .should().beAnnotatedWith("org.springframework.beans.factory.annotation.Autowired");
            case PROPERTIES_ARE_VALIDATED_RECORDS -> classes()
                    .that().areAnnotatedWith("org.springframework.boot.context.properties.ConfigurationProperties")
                    .should().beRecords()
                    .andShould().beAnnotatedWith("org.springframework.validation.annotation.Validated");
            case PUBLIC_ONLY_WHEN_USED_ELSEWHERE -> classes()
                    .that(in(mainClasses)).and().arePublic().and().areTopLevelClasses()
                    .and().areNotAnnotatedWith("org.springframework.boot.autoconfigure.SpringBootApplication")
                    .should(beUsedFromAnotherPackage());
            case EVERY_PACKAGE_NULL_MARKED -> classes().should(beInANullMarkedPackage());
        };
    }

    private static ArchCondition<JavaClass> beInANullMarkedPackage() {
        return new ArchCondition<>("be in a @NullMarked package (run scripts/null-marked.sh)") {
            private final Set<String> reported = new HashSet<>(); // one line per package, not per class

            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                if (!javaClass.getPackage().isAnnotatedWith(NULL_MARKED) && reported.add(javaClass.getPackageName())) {
                    events.add(SimpleConditionEvent.violated(javaClass, "package " + javaClass.getPackageName()
                            + " (of " + javaClass.getName() + ") has no @NullMarked package-info.java"));
                }
            }
        };
    }

    private static DescribedPredicate<JavaClass> in(JavaClasses classes) {
        Set<String> names = classes.stream().map(JavaClass::getName).collect(Collectors.toSet());
        return DescribedPredicate.describe("are main classes", type -> names.contains(type.getName()));
    }

    private static ArchCondition<JavaClass> beUsedFromAnotherPackage() {
        return new ArchCondition<>("be used from another package (else package-private)") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                boolean used = type.getDirectDependenciesToSelf().stream()
                        .map(Dependency::getOriginClass)
                        .anyMatch(origin -> !origin.getPackageName().equals(type.getPackageName()));
                if (!used) {
                    events.add(SimpleConditionEvent.violated(type, type.getName()
                            + " is public but no other package uses it: make it package-private"));
                }
            }
        };
    }

    /** The service roots, for tests that want to say which services exist. */
    static Stream<String> servicePackages() {
        return SERVICES.stream().map(s -> ROOT + "." + s);
    }
}
