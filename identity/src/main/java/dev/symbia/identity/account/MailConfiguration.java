package dev.symbia.identity.account;

import dev.symbia.core.RuntimeMode;
import dev.symbia.identity.config.IdentityProperties;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Reset mail goes out over SMTP when {@code SMTP_HOST} is set ({@code SMTP_PORT}, {@code SMTP_USERNAME},
 * {@code SMTP_PASSWORD}, {@code SMTP_STARTTLS}); otherwise the link is written to the log in
 * development mode only, and nowhere in test or production.
 */
@Configuration(proxyBeanMethods = false)
class MailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MailConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    ResetMailer resetMailer(Environment environment, RuntimeMode mode, IdentityProperties properties) {
        String host = environment.getProperty("SMTP_HOST", "");
        if (!host.isBlank()) {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost(host);
            sender.setPort(environment.getProperty("SMTP_PORT", Integer.class, 587));
            sender.setUsername(environment.getProperty("SMTP_USERNAME"));
            sender.setPassword(environment.getProperty("SMTP_PASSWORD"));
            Properties props = sender.getJavaMailProperties();
            props.put("mail.smtp.auth", String.valueOf(environment.getProperty("SMTP_USERNAME") != null));
            props.put("mail.smtp.starttls.enable", environment.getProperty("SMTP_STARTTLS", "true"));
            props.put("mail.smtp.connectiontimeout", "5000");
            props.put("mail.smtp.timeout", "5000");
            return new ResetMailer() {
                @Override
                public boolean deliversMail() {
                    return true;
                }

                @Override
                public void send(String email, String resetLink) {
                    SimpleMailMessage message = new SimpleMailMessage();
                    message.setFrom(properties.mailFrom());
                    message.setTo(email);
                    message.setSubject("Reset your Symbia password");
                    message.setText("Someone asked to reset the password of this account. If it was you, open:\n\n"
                            + resetLink + "\n\nThe link works once, for one hour. If it was not you, ignore this mail.");
                    sender.send(message);
                }
            };
        }
        return new ResetMailer() {
            @Override
            public boolean deliversMail() {
                return false;
            }

            @Override
            public void send(String email, String resetLink) {
                if (mode == RuntimeMode.DEVELOPMENT) {
                    log.info("[dev only, SMTP not configured] password reset link for {}: {}", email, resetLink);
                } else {
                    log.warn("Password reset requested but SMTP is not configured (set SMTP_HOST); nothing sent.");
                }
            }
        };
    }
}
