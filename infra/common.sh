# Shared by deploy.sh and destroy.sh (sourced from the repository's root): the build the CDK app runs from, the CLI.
set -euo pipefail
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION=true JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=true
region=${AWS_REGION:-$(aws configure get region 2>/dev/null || true)}
region=${region:-us-east-1}
export AWS_REGION=$region CDK_DEFAULT_REGION=$region
account=$(aws sts get-caller-identity --query Account --output text)
export CDK_DEFAULT_ACCOUNT=$account
repository=charter-sync

# the product jar, the waiver zip, the CDK app's classes and its classpath (infra/cdk.json's app reads it)
build_app() {
  mvn -B -ntp -q package -DskipTests -Dimage.config.skip=true
  mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/infra.classpath
  waiver_zip=$(ls "$PWD"/target/charter-sync-*-waiver-lambda.zip)
}

# aws-cdk@3.0.0 on npm reads cloud assemblies up to schema 43; aws-cdk-lib 2.220.0 writes 48 (CLI 2.1033.0 or later)
cdk_cli=aws-cdk@2.1149.0
cdk() {
  (cd infra && npx --yes "$cdk_cli" "$@")
}

output() {  # output STACK KEY
  aws cloudformation describe-stacks --stack-name "$1" \
    --query "Stacks[0].Outputs[?OutputKey=='$2'].OutputValue" --output text
}
