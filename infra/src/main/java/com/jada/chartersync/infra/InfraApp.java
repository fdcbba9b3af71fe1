package com.jada.chartersync.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app (infra/cdk.json runs it): ResourcesStack and RuntimeStack from the context of one deployment. Test
 * source only, so nothing of the CDK reaches the product jar.
 */
public final class InfraApp {

    /** The two stacks of one app, as built. */
    public record Stacks(ResourcesStack resources, RuntimeStack runtime) {
    }

    private InfraApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    public static Stacks build(App app) {
        DeploymentSettings settings = DeploymentSettings.from(app.getNode());
        ProductTables product = ProductTables.fromApplicationYaml();
        StackProps props = StackProps.builder().env(Environment.builder()
                .account(System.getenv("CDK_DEFAULT_ACCOUNT")).region(System.getenv("CDK_DEFAULT_REGION")).build())
                .description("charter-sync (docs/aws.md)").build();
        ResourcesStack resources = new ResourcesStack(app, "ResourcesStack", props, settings, product);
        RuntimeStack runtime = new RuntimeStack(app, "RuntimeStack", props, settings, product, resources);
        return new Stacks(resources, runtime);
    }
}
