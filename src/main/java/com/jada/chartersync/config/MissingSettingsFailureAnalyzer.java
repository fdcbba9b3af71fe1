package com.jada.chartersync.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.util.stream.Collectors;

/** Turns missing deployment settings into one readable message instead of a stack trace. */
public class MissingSettingsFailureAnalyzer extends AbstractFailureAnalyzer<RequiredSettings.MissingSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RequiredSettings.MissingSettingsException cause) {
        String list = cause.missing().stream()
                .map(s -> "  - " + s.environmentVariable() + " (" + s.property() + ")" + ("missing".equals(s.problem()) ? "" : ": " + s.problem()))
                .collect(Collectors.joining("\n"));
        return new FailureAnalysis("charter-sync cannot start: " + cause.missing().size()
                + " setting(s) a deployment needs are missing or wrong:\n" + list,
                "Set them in the environment (docs/aws.md lists every setting), or start the local cloud for "
                        + "development with 'mvn spring-boot:test-run'.", cause);
    }
}
