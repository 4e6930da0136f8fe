# One recipe for every Symbia image: the nine services and the gateway.
#
#   docker build --build-arg SERVICE=messaging -t symbia/messaging .
#
# SERVICE is the module to package: identity, logging, catalog, assistants, messaging, runtime,
# integrations, models, network or gateway. docker-compose.yml passes it as a build arg; on Railway
# it comes from the service variable SERVICE (Railway hands service variables to matching ARGs).
#
# Stages: poms (the Maven model alone) -> maven (every dependency, cached until a pom changes)
# -> build-service or build-all (compile, jar unpacked into layers) -> runtime (JRE only, non-root,
# one layer per Spring Boot jar layer).
#
# Base images are build args, defaulting to the official images (what Railway and users pull):
#   JDK_IMAGE  eclipse-temurin:21-jdk-noble   (build stages)
#   JRE_IMAGE  eclipse-temurin:21-jre-noble   (runtime; needs java, and sh + useradd while building)
# Without Docker Hub, scripts/local-base-images.sh builds Debian-based stand-ins and compose passes
# them through from SYMBIA_JDK_IMAGE / SYMBIA_JRE_IMAGE (README, "Docker Compose").
#
# BUILD_SCOPE=service (default) compiles SERVICE and the libraries it uses: one image, as Railway
# builds it. BUILD_SCOPE=all compiles the ten modules in one step that does not depend on SERVICE,
# so building all ten images (scripts/compose-smoke.sh) compiles everything once, not ten times.
#
# No `# syntax=` line on purpose: it would make BuildKit pull its frontend from Docker Hub.
# BuildKit is needed (COPY --chmod, skipped unused stages): Docker >= 23, or DOCKER_BUILDKIT=1.
#
# Why no `RUN --mount=type=cache` for ~/.m2: Railway rejects a cache mount whose id is not
# prefixed with its own service id (`id=s/<service id>-...`, a literal, different for each of the
# ten services), so such a Dockerfile cannot build there. Instead the dependencies are downloaded
# in their own layer that depends only on the pom files: it is reused until a pom changes, by every
# builder, and by all ten images of a compose build (the step does not depend on SERVICE).

ARG JAVA_VERSION=21
ARG JDK_IMAGE=eclipse-temurin:${JAVA_VERSION}-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:${JAVA_VERSION}-jre-noble
ARG BUILD_SCOPE=service

# ---------------------------------------------------------------------------------------------
# The pom files and the Maven wrapper alone, in their folders. Its output only changes when one of
# them does, so the dependency download below stays cached while sources change.
FROM ${JDK_IMAGE} AS poms
WORKDIR /src
COPY . .
RUN find . -type f ! -name pom.xml ! -name mvnw ! -path './.mvn/*' -delete

# ---------------------------------------------------------------------------------------------
FROM ${JDK_IMAGE} AS maven
WORKDIR /workspace
COPY --from=poms /src/ ./
# Maven itself, every plugin and every dependency of the modules an image can contain (-Pservice
# also resolves the Spring Boot packaging plugin). Best effort: whatever this misses, the package
# step below downloads; a failure here must not hide the real build's own error messages.
RUN sh ./mvnw -B -ntp -Pservice -pl '!tools/devdb,!e2e,!bench' dependency:go-offline \
    || echo "warning: dependency warm-up incomplete; the package step downloads the rest"

# ---------------------------------------------------------------------------------------------
# One module and the libraries it uses (-am); tests run in CI (./mvnw verify), not in image builds.
# The executable jar is <module>/target/<module>.jar (the parent pom's "service" profile).
FROM maven AS build-service
ARG SERVICE
COPY . .
RUN set -eu; \
    sh deploy/docker/package.sh --check "${SERVICE:-}"; \
    sh ./mvnw -B -ntp -pl "$SERVICE" -am package -DskipTests; \
    sh deploy/docker/package.sh "$SERVICE"

# All ten modules in one reactor build, shared by the ten images (no SERVICE in this stage).
FROM maven AS build-all
COPY . .
RUN set -eu; \
    modules="identity logging catalog assistants messaging runtime integrations models network gateway"; \
    sh ./mvnw -B -ntp -pl "$(echo $modules | tr ' ' ',')" -am package -DskipTests; \
    sh deploy/docker/package.sh $modules

FROM build-${BUILD_SCOPE} AS build

# The healthcheck (deploy/docker/HealthProbe.java), compiled alone: it changes with nothing else.
FROM ${JDK_IMAGE} AS probe
ARG JAVA_VERSION
COPY deploy/docker/HealthProbe.java /src/
RUN javac --release "${JAVA_VERSION}" -d /probe /src/HealthProbe.java

# ---------------------------------------------------------------------------------------------
FROM ${JRE_IMAGE} AS runtime

# Nothing at runtime needs a shell: the entrypoint and the healthcheck are exec-form java commands.
# (A shell is used here, while building, to add the user.) The service runs as an unprivileged user
# that owns nothing in the image (it only reads /app). Before ARG SERVICE: shared by the ten images.
RUN set -eu; \
    groupadd --system --gid 10001 symbia; \
    useradd --system --uid 10001 --gid symbia --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin symbia

WORKDIR /app
COPY --from=probe /probe/ /app/probe/

ARG SERVICE
ARG JAVA_VERSION
# Spring Boot's layers, least likely to change first: a code change rebuilds only the last ones.
# The application layer also holds service.env (SYMBIA_SERVICE, SYMBIA_SERVICE_PORT).
COPY --from=build /workspace/extracted/${SERVICE}/dependencies/ ./
COPY --from=build /workspace/extracted/${SERVICE}/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/${SERVICE}/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/${SERVICE}/application/ ./

LABEL org.opencontainers.image.title="symbia-${SERVICE}" \
      org.opencontainers.image.description="Symbia ${SERVICE} (Spring Boot, Java ${JAVA_VERSION})"

ENV SYMBIA_SERVICE=${SERVICE}
# Container-aware JVM defaults: the heap follows the container's memory limit, and an
# OutOfMemoryError ends the process so the orchestrator restarts it instead of leaving it half-dead.
# The JVM reads these first and JDK_JAVA_OPTIONS after them, so options given there (compose passes
# SYMBIA_JAVA_OPTS through as JDK_JAVA_OPTIONS) add to these or override them, a later option winning.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001

# The image listens on exactly one of these: its service's port (identity 5001, logging 5002,
# catalog 5003, assistants 5004, messaging 5005, runtime 5006, integrations 5007, models 5008,
# network 5054, gateway 8080), or PORT / <SERVICE>_PORT when set (Railway sets PORT).
EXPOSE 5001 5002 5003 5004 5005 5006 5007 5008 5054 8080

# Readiness includes the database; the first start migrates the schema, hence the start period.
# A small JVM of its own (about 0.15 s, 40 MB for that moment), since the image has no curl or shell.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-Xmx16m", "-XX:-UsePerfData", "-cp", "/app/probe", "HealthProbe"]

# The JVM is PID 1 and gets the stop signal itself (Spring's graceful shutdown). The listen port is
# the service's own business: <SERVICE>_PORT, then PORT, then its default.
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
