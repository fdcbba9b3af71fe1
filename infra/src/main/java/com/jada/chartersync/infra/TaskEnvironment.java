package com.jada.chartersync.infra;

import com.jada.chartersync.config.RequiredSettings;
import software.amazon.awscdk.services.ecs.Secret;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime task's environment: every setting {@link RequiredSettings#required} demands of a deployment
 * configured as this one is (OAuth to the Calendar API, operator security on, push only with a domain of its own),
 * each from what the stacks made, secrets from Secrets Manager. A required setting without a source here stops
 * the synthesis, so the product cannot demand a setting that a deployment then lacks.
 */
public record TaskEnvironment(Map<String, String> plain, Map<String, Secret> secrets) {

    /**
     * @param switches plain settings that make this deployment what it is (calendar source, push), which decide
     *                 what else is required
     * @param given    plain values the stacks know (bucket, edge URL, function name, ...), by environment variable
     * @param secrets  values from Secrets Manager, by environment variable
     */
    public static TaskEnvironment of(Map<String, String> switches, Map<String, String> given, Map<String, Secret> secrets) {
        Map<String, String> plain = new LinkedHashMap<>(switches);
        Map<String, Secret> secret = new LinkedHashMap<>();
        for (RequiredSettings.Setting s : required(switches)) {
            String name = s.environmentVariable();
            if (secrets.containsKey(name)) {
                secret.put(name, secrets.get(name));
            } else if (given.containsKey(name)) {
                plain.put(name, given.get(name));
            } else {
                throw new IllegalStateException("the runtime requires " + name + " (" + s.property()
                        + ") and the stacks give it no value");
            }
        }
        return new TaskEnvironment(plain, secret);
    }

    /** What RequiredSettings demands of a runtime whose environment holds {@code switches}. */
    public static List<RequiredSettings.Setting> required(Map<String, String> switches) {
        return RequiredSettings.required(RuntimeEnvironment.with(switches));
    }
}
