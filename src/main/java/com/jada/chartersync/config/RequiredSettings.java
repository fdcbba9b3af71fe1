package com.jada.chartersync.config;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings a deployment cannot run without, checked before any bean is made: a runtime started without them
 * stops within seconds with one message naming every missing one (see {@link MissingSettingsFailureAnalyzer}),
 * instead of failing later against a service it cannot reach. Nothing has a sample default outside the local
 * cloud, so a deployment that forgot a setting never talks to a made-up bucket or distribution.
 */
@Component
public class RequiredSettings implements BeanFactoryPostProcessor, EnvironmentAware {

    /** A setting, the environment variable a deployment sets it with, and what is wrong with it. */
    public record Setting(String property, String environmentVariable, String problem) {

        public Setting(String property, String environmentVariable) {
            this(property, environmentVariable, "missing");
        }
    }

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<Setting> missing = missing(environment);
        if (!missing.isEmpty()) {
            throw new MissingSettingsException(missing);
        }
    }

    /** The settings {@code env} is missing or has wrong, in the order {@link #required} names them. */
    public static List<Setting> missing(Environment env) {
        List<Setting> out = new ArrayList<>(required(env).stream().filter(s -> isBlank(env.getProperty(s.property()))).toList());
        out.addAll(wrong(env));
        return out;
    }

    /**
     * Every setting a deployment configured like {@code env} (calendar source and auth, push, security, whether the
     * runtime makes its own distribution) must give, set or not: what a deployment's environment has to name.
     */
    public static List<Setting> required(Environment env) {
        List<Setting> required = new ArrayList<>(List.of(
                new Setting("charter.pages.bucket", "CHARTER_PAGES_BUCKET"),
                new Setting("charter.pages.edge-url", "CHARTER_EDGE_URL"),
                new Setting("charter.pages.waiver-form-url", "CHARTER_WAIVER_FORM_URL"),
                new Setting("charter.pages.photo-code-key", "CHARTER_PHOTO_CODE_KEY"),
                new Setting("charter.waiver.function", "CHARTER_WAIVER_FUNCTION")));
        if (!env.getProperty("charter.aws.create-distribution", Boolean.class, false)) {
            required.add(new Setting("charter.pages.distribution-id", "CHARTER_DISTRIBUTION_ID"));
        }
        String source = env.getProperty("charter.calendar.source", "api");
        String auth = env.getProperty("charter.calendar.auth", "oauth").strip();
        if ("ical".equals(source)) {
            // the calendar's secret iCal address instead of the API: no calendar id, no Google credentials
            required.add(new Setting("charter.calendar.ical-url", "CHARTER_CALENDAR_ICAL_URL"));
        } else if (!"api".equals(source)) {
            required.add(new Setting("charter.calendar.source (api or ical, not '" + source + "')", "CHARTER_CALENDAR_SOURCE"));
        } else {
            required.add(0, new Setting("charter.calendar.id", "GOOGLE_CALENDAR_ID"));
            if (env.getProperty("charter.calendar.push.enabled", Boolean.class, false)) {
                required.add(new Setting("charter.calendar.push.public-base-url", "CHARTER_CALENDAR_PUSH_PUBLIC_BASE_URL"));
            }
        }
        boolean api = "api".equals(source);
        if (api && "oauth".equals(auth)) {
            required.add(new Setting(CLIENT_ID, "GOOGLE_CLIENT_ID"));
            required.add(new Setting(CLIENT_SECRET, "GOOGLE_CLIENT_SECRET"));
            required.add(new Setting("camel.component.google-calendar.refresh-token", "GOOGLE_REFRESH_TOKEN"));
        } else if (api && "service-account".equals(auth)) {
            required.add(new Setting("camel.component.google-calendar.service-account-key", "GOOGLE_SERVICE_ACCOUNT_KEY"));
        }
        if (env.getProperty("charter.security.enabled", Boolean.class, true)) {
            required.add(new Setting("charter.security.operator-user", "CHARTER_OPERATOR_USER"));
            required.add(new Setting("charter.security.operator-password", "CHARTER_OPERATOR_PASSWORD"));
        }
        return required;
    }

    /** Settings that are given but cannot work together. */
    private static List<Setting> wrong(Environment env) {
        List<Setting> wrong = new ArrayList<>();
        String auth = env.getProperty("charter.calendar.auth", "oauth").strip();
        if (!"api".equals(env.getProperty("charter.calendar.source", "api")) || "oauth".equals(auth)) {
            return wrong;
        }
        if ("service-account".equals(auth)) {
            // Camel's component prefers an OAuth client whenever one is set: the key would be silently ignored
            for (Setting s : List.of(new Setting(CLIENT_ID, "GOOGLE_CLIENT_ID"), new Setting(CLIENT_SECRET, "GOOGLE_CLIENT_SECRET"))) {
                if (!isBlank(env.getProperty(s.property()))) {
                    wrong.add(new Setting(s.property(), s.environmentVariable(), "must be empty with CHARTER_CALENDAR_AUTH=service-account"));
                }
            }
        } else {
            wrong.add(new Setting("charter.calendar.auth", "CHARTER_CALENDAR_AUTH", "is '" + auth
                    + "': must be oauth or service-account"));
        }
        return wrong;
    }

    private static final String CLIENT_ID = "camel.component.google-calendar.client-id";
    private static final String CLIENT_SECRET = "camel.component.google-calendar.client-secret";

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Thrown before the context makes any bean; reported without a stack trace. */
    public static final class MissingSettingsException extends IllegalStateException {

        private final transient List<Setting> missing;

        public MissingSettingsException(List<Setting> missing) {
            super("Missing or wrong settings: " + String.join(", ", missing.stream().map(Setting::environmentVariable).toList()));
            this.missing = List.copyOf(missing);
        }

        public List<Setting> missing() {
            return missing;
        }
    }
}
