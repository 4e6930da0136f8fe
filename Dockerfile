# syntax=docker/dockerfile:1
#
# One recipe for every Symbia image: the nine services and the gateway.
#
#   docker build --build-arg SERVICE=messaging -t symbia/messaging .
#
# SERVICE is the module to package: identity, logging, catalog, assistants, messaging, runtime,
# integrations, models, network or gateway. docker-compose.yml passes it as a build arg; on Railway
# it comes from the service variable SERVICE (Railway hands service variables to matching ARGs).
#
# Stages: poms (the Maven model alone) -> build (JDK + Maven wrapper, jar unpacked into layers)
# -> runtime (JRE only, non-root, one layer per Spring Boot jar layer).
#
# Why no `RUN --mount=type=cache` for ~/.m2: Railway rejects a cache mount whose id is not
# prefixed with its own service id (`id=s/<service id>-...`, a literal, different for each of the
# ten services), so such a Dockerfile cannot build there. Instead the dependencies are downloaded
# in their own layer that depends only on the pom files: it is reused until a pom changes, by every
# builder, and by all ten images of a compose build (the step does not depend on SERVICE).

ARG JAVA_VERSION=21

# ---------------------------------------------------------------------------------------------
# The pom files alone, in their folders. Its output only changes when a pom does, so the
# dependency download below stays cached while sources change (and it needs no list of modules).
FROM eclipse-temurin:${JAVA_VERSION}-jdk-noble AS poms
WORKDIR /src
COPY . .
RUN find . -type f ! -name pom.xml -delete

# ---------------------------------------------------------------------------------------------
FROM eclipse-temurin:${JAVA_VERSION}-jdk-noble AS build
WORKDIR /workspace

COPY mvnw ./
COPY .mvn/ .mvn/
COPY --from=poms /src/ ./
# Maven itself, every plugin and every dependency of the modules an image can contain (-Pservice
# also resolves the Spring Boot packaging plugin). Best effort: whatever this misses, the package
# step below downloads; a failure here must not hide the real build's own error messages.
RUN sh ./mvnw -B -ntp -Pservice -pl '!tools/devdb,!e2e' dependency:go-offline \
    || echo "warning: dependency warm-up incomplete; the package step downloads the rest"

ARG SERVICE
# Fail fast on a missing or misspelt SERVICE, before the long build, and record the default port
# (SPEC §1, dev.symbia.core.SymbiaService) for the healthcheck.
RUN set -eu; \
    case "${SERVICE:-}" in \
      identity) port=5001 ;; \
      logging) port=5002 ;; \
      catalog) port=5003 ;; \
      assistants) port=5004 ;; \
      messaging) port=5005 ;; \
      runtime) port=5006 ;; \
      integrations) port=5007 ;; \
      models) port=5008 ;; \
      network) port=5054 ;; \
      gateway) port=8080 ;; \
      *) echo "error: build with --build-arg SERVICE=<module>, one of: identity logging catalog" \
              "assistants messaging runtime integrations models network gateway (got '${SERVICE:-}')" >&2; \
         exit 1 ;; \
    esac; \
    printf 'SYMBIA_SERVICE=%s\nSYMBIA_SERVICE_PORT=%s\n' "$SERVICE" "$port" > /workspace/service.env

COPY . .
# The module and the libraries it uses (-am); tests run in CI (./mvnw verify), not in image builds.
# The executable jar is <module>/target/<module>.jar (the parent pom's "service" profile).
RUN set -eu; \
    sh ./mvnw -B -ntp -pl "$SERVICE" -am package -DskipTests; \
    jar="$SERVICE/target/$SERVICE.jar"; \
    if [ ! -f "$jar" ]; then \
      echo "error: $jar was not built; a runnable module needs src/main/resources/application.yml" >&2; \
      exit 1; \
    fi; \
    java -Djarmode=tools -jar "$jar" extract --layers --application-filename app.jar \
      --destination /workspace/extracted

# ---------------------------------------------------------------------------------------------
FROM eclipse-temurin:${JAVA_VERSION}-jre-noble AS runtime
ARG SERVICE
ARG JAVA_VERSION

# curl is the healthcheck's probe: the Temurin images ship it today; install it should they stop.
# The service runs as an unprivileged user that owns nothing in the image (it only reads /app).
RUN set -eu; \
    if ! command -v curl >/dev/null 2>&1; then \
      apt-get update; \
      apt-get install -y --no-install-recommends curl; \
      rm -rf /var/lib/apt/lists/*; \
    fi; \
    groupadd --system --gid 10001 symbia; \
    useradd --system --uid 10001 --gid symbia --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin symbia

WORKDIR /app
COPY --chmod=0755 deploy/docker/entrypoint.sh deploy/docker/healthcheck.sh /app/bin/
# Spring Boot's layers, least likely to change first: a code change rebuilds only the last ones.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/service.env ./
COPY --from=build /workspace/extracted/application/ ./

LABEL org.opencontainers.image.title="symbia-${SERVICE}" \
      org.opencontainers.image.description="Symbia ${SERVICE} (Spring Boot, Java ${JAVA_VERSION})"

ENV SYMBIA_SERVICE=${SERVICE}
USER 10001:10001

# The image listens on exactly one of these: its service's port (identity 5001, logging 5002,
# catalog 5003, assistants 5004, messaging 5005, runtime 5006, integrations 5007, models 5008,
# network 5054, gateway 8080), or PORT / <SERVICE>_PORT when set (Railway sets PORT).
EXPOSE 5001 5002 5003 5004 5005 5006 5007 5008 5054 8080

# Readiness includes the database; the first start migrates the schema, hence the start period.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 CMD ["/app/bin/healthcheck.sh"]

ENTRYPOINT ["/app/bin/entrypoint.sh"]
