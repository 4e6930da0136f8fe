package dev.symbia.identity.account;

import dev.symbia.identity.audit.Actor;
import dev.symbia.identity.audit.AuditLog;
import dev.symbia.identity.user.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * First run: with {@code SYMBIA_ADMIN_EMAIL} and {@code SYMBIA_ADMIN_PASSWORD} set and no super
 * admin yet, creates that super admin (or promotes the existing account with that email). Nothing
 * else is ever seeded: without these variables the first user to register becomes super admin.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    static final String EMAIL = "SYMBIA_ADMIN_EMAIL";
    static final String PASSWORD = "SYMBIA_ADMIN_PASSWORD";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final Environment environment;
    private final UserStore users;
    private final BCryptPasswordEncoder encoder;
    private final TransactionTemplate transactions;
    private final AuditLog audit;

    AdminBootstrap(Environment environment, UserStore users, BCryptPasswordEncoder encoder,
            TransactionTemplate transactions, AuditLog audit) {
        this.environment = environment;
        this.users = users;
        this.encoder = encoder;
        this.transactions = transactions;
        this.audit = audit;
    }

    @Override
    public void run(ApplicationArguments args) {
        String email = UserStore.normalizeEmail(environment.getProperty(EMAIL, ""));
        String password = environment.getProperty(PASSWORD, "");
        if (email.isEmpty() && password.isEmpty()) {
            return;
        }
        if (email.isEmpty() || !email.contains("@") || password.length() < 8
                || password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
            throw new IllegalStateException(EMAIL + " must be an email and " + PASSWORD
                    + " 8 to 72 bytes long to create the first super admin.");
        }
        String hash = encoder.encode(password);
        transactions.executeWithoutResult(tx -> {
            users.lockAccountCreation();
            if (users.anySuperAdmin()) {
                return;
            }
            UserStore.UserRow admin = users.findByEmail(email).map(existing -> {
                users.setSuperAdmin(existing.id(), true);
                return existing;
            }).orElseGet(() -> users.create(email, "Administrator", hash, true));
            audit.record("superadmin.created", Actor.anonymous(), null, "user", admin.id().toString(), java.util.Map.of("via", EMAIL));
            log.info("Created the first super admin from {}", EMAIL);
        });
    }
}
