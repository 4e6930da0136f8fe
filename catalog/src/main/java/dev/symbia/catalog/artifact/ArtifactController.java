package dev.symbia.catalog.artifact;

import dev.symbia.auth.Authz;
import dev.symbia.auth.SymbiaPrincipal;
import dev.symbia.catalog.access.Access;
import dev.symbia.catalog.config.CatalogProperties;
import dev.symbia.catalog.resource.Resource;
import dev.symbia.catalog.resource.ResourceService;
import dev.symbia.core.ProblemTypes;
import dev.symbia.web.body.RequestBodies;
import dev.symbia.web.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Files attached to a resource (§1.1 artifacts): upload needs write on the resource, listing and download need
 * read, delete needs delete — the reference checked none of the reads. Size limit, MIME allowlist and sha256 as
 * upstream; stored in PostgreSQL (see V3__artifacts.sql for why). Downloads are attachments with nosniff, so an
 * uploaded file is never rendered as a page of this origin.
 */
@RestController
class ArtifactController {

    /** The reference's allowlist, minus SVG (it can carry script). */
    static final Set<String> MIME_TYPES = Set.of("application/json", "application/yaml", "application/zip", "application/gzip",
            "application/x-tar", "application/octet-stream", "application/wasm", "application/pdf", "text/plain",
            "text/markdown", "text/csv", "image/png", "image/jpeg");

    private static final Logger audit = LoggerFactory.getLogger("catalog.audit");

    private final JdbcClient jdbc;
    private final ResourceService resources;
    private final RequestBodies bodies;
    private final long maxBytes;

    ArtifactController(JdbcClient jdbc, ResourceService resources, RequestBodies bodies, CatalogProperties properties) {
        this.jdbc = jdbc;
        this.resources = resources;
        this.bodies = bodies;
        this.maxBytes = properties.artifactMaxSizeMb() * 1024L * 1024L;
    }

    record Upload(@NotBlank @Size(max = 255) String name, @NotBlank @Size(max = 255) String type, @NotBlank String content) {
    }

    record Artifact(UUID id, UUID resourceId, int version, String name, String mimeType, long size, String checksum,
            String createdBy, OffsetDateTime createdAt) {
    }

    @Operation(summary = "Upload a file to a resource (base64 content; size limit, MIME allowlist, sha256)")
    @PostMapping("/api/resources/{id}/artifacts")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    Artifact upload(SymbiaPrincipal principal, @PathVariable UUID id, @RequestBody(required = false) JsonNode body) {
        Resource resource = resources.readable(principal, id);
        if (!Access.can(principal, resource.orgId(), resource.accessPolicy(), "write")) {
            throw ProblemException.forbidden("The resource's access policy does not allow write.");
        }
        Upload upload = bodies.read(body, Upload.class);
        String mime = upload.type().toLowerCase(java.util.Locale.ROOT).trim();
        if (!MIME_TYPES.contains(mime)) {
            throw ProblemException.badRequest("type must be one of " + MIME_TYPES.stream().sorted().toList() + ".");
        }
        String name = upload.name().trim();
        if (name.contains("/") || name.contains("\\") || name.startsWith(".") || name.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest("name must be a plain file name (no path, no leading dot, no control characters).");
        }
        if ((long) upload.content().length() * 3 / 4 > maxBytes + 3) {
            throw tooLarge();
        }
        byte[] content;
        try {
            content = Base64.getMimeDecoder().decode(upload.content());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("content must be base64.");
        }
        if (content.length > maxBytes) {
            throw tooLarge();
        }
        String checksum = sha256(content);
        UUID artifactId = UUID.randomUUID();
        Artifact artifact = jdbc.sql("""
                INSERT INTO artifacts (id, resource_id, version, name, mime_type, size, checksum, content, created_by)
                VALUES (:id, :resource, :version, :name, :mime, :size, :checksum, :content, :by)
                RETURNING id, resource_id, version, name, mime_type, size, checksum, created_by, created_at
                """).param("id", artifactId).param("resource", id).param("version", resource.currentVersion()).param("name", name)
                .param("mime", mime).param("size", content.length).param("checksum", checksum).param("content", content)
                .param("by", principal.id()).query(Artifact.class).single();
        audit.info("{\"event\":\"registry.ledger\",\"action\":\"artifact.upload\",\"resourceId\":\"{}\",\"artifactId\":\"{}\","
                + "\"principal\":\"{}\",\"size\":{},\"checksum\":\"{}\"}", id, artifactId, principal.id(), content.length, checksum);
        return artifact;
    }

    @Operation(summary = "A resource's files (metadata only)")
    @GetMapping("/api/resources/{id}/artifacts")
    List<Artifact> list(@PathVariable UUID id) {
        resources.readable(principal(), id);
        return jdbc.sql("""
                SELECT id, resource_id, version, name, mime_type, size, checksum, created_by, created_at FROM artifacts
                WHERE resource_id = :id ORDER BY created_at DESC, id
                """).param("id", id).query(Artifact.class).list();
    }

    @Operation(summary = "Download a file (read access on its resource)")
    @GetMapping("/api/artifacts/{id}/download")
    ResponseEntity<byte[]> download(@PathVariable UUID id) {
        Map<String, Object> row = jdbc.sql("SELECT resource_id, name, mime_type, checksum, content FROM artifacts WHERE id = :id")
                .param("id", id).query().listOfRows().stream().findFirst()
                .orElseThrow(() -> ProblemException.notFound("Artifact"));
        readableOr404((UUID) row.get("resource_id"));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType((String) row.get("mime_type")))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename((String) row.get("name"), java.nio.charset.StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .eTag("\"" + row.get("checksum") + "\"")
                .body((byte[]) row.get("content"));
    }

    @Operation(summary = "Delete a file (delete access on its resource)")
    @DeleteMapping("/api/artifacts/{id}")
    Map<String, Object> delete(SymbiaPrincipal principal, @PathVariable UUID id) {
        UUID resourceId = jdbc.sql("SELECT resource_id FROM artifacts WHERE id = :id").param("id", id).query(UUID.class)
                .optional().orElseThrow(() -> ProblemException.notFound("Artifact"));
        Resource resource = readableOr404(resourceId);
        if (!Access.can(principal, resource.orgId(), resource.accessPolicy(), "delete")) {
            throw ProblemException.forbidden("The resource's access policy does not allow delete.");
        }
        jdbc.sql("DELETE FROM artifacts WHERE id = :id").param("id", id).update();
        audit.info("{\"event\":\"registry.ledger\",\"action\":\"artifact.delete\",\"resourceId\":\"{}\",\"artifactId\":\"{}\","
                + "\"principal\":\"{}\"}", resourceId, id, principal.id());
        return Map.of("success", true);
    }

    private Resource readableOr404(UUID resourceId) {
        try {
            return resources.readable(principal(), resourceId);
        } catch (ProblemException e) {
            throw ProblemException.notFound("Artifact");
        }
    }

    private ProblemException tooLarge() {
        return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.VALIDATION, "Artifact too large",
                "An artifact is at most " + maxBytes / (1024 * 1024) + " MB.");
    }

    private static SymbiaPrincipal principal() {
        return Authz.current().orElse(null);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
