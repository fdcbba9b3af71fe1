#!/usr/bin/env bash
# One command up (docs/aws.md): builds the runtime, pushes its image to ECR with Jib (no Docker), deploys
# ResourcesStack, writes the Google credentials into their secret, deploys RuntimeStack, prints the addresses.
#   GOOGLE_CALENDAR_ID=... GOOGLE_CLIENT_ID=... GOOGLE_CLIENT_SECRET=... GOOGLE_REFRESH_TOKEN=... infra/deploy.sh [-c name=value ...]
# Context (-c) adopts existing resources or changes defaults: adoptTables=true, bucketName, distributionId with
# distributionDomain, functionArn with waiverFormUrl, desiredCount, domainName with certificateArn, alarmEmail,
# cloudFrontPrefixListId (outside us-east-1), logRetentionDays.
cd "$(dirname "$0")/.."
: "${GOOGLE_CALENDAR_ID:?set GOOGLE_CALENDAR_ID}" "${GOOGLE_CLIENT_ID:?set GOOGLE_CLIENT_ID}"
: "${GOOGLE_CLIENT_SECRET:?set GOOGLE_CLIENT_SECRET}" "${GOOGLE_REFRESH_TOKEN:?set GOOGLE_REFRESH_TOKEN}"
source infra/common.sh

build_app
tag=$(git rev-parse --short=12 HEAD)
registry=$account.dkr.ecr.$region.amazonaws.com
aws ecr describe-repositories --repository-names "$repository" >/dev/null 2>&1 \
  || aws ecr create-repository --repository-name "$repository" --image-scanning-configuration scanOnPush=true >/dev/null
# Jib reads registry credentials from $DOCKER_CONFIG/config.json: the token never appears on a command line
DOCKER_CONFIG=$(mktemp -d)
export DOCKER_CONFIG
trap 'rm -rf "$DOCKER_CONFIG"' EXIT
( umask 077; printf '{"auths":{"%s":{"auth":"%s"}}}' "$registry" \
    "$(printf 'AWS:%s' "$(aws ecr get-login-password --region "$region")" | base64 -w0)" > "$DOCKER_CONFIG/config.json" )
mvn -B -ntp -q jib:build -Dimage="$registry/$repository:$tag"

context=(-c calendarId="$GOOGLE_CALENDAR_ID" -c imageTag="$tag" -c imageRepository="$repository" -c waiverZip="$waiver_zip" "$@")
cdk bootstrap "aws://$account/$region"
cdk deploy ResourcesStack "${context[@]}" --require-approval never
python3 -c 'import json, os; print(json.dumps({"clientId": os.environ["GOOGLE_CLIENT_ID"],
    "clientSecret": os.environ["GOOGLE_CLIENT_SECRET"], "refreshToken": os.environ["GOOGLE_REFRESH_TOKEN"]}))' \
  | aws secretsmanager put-secret-value --secret-id "$(output ResourcesStack GoogleCredentialsSecret)" \
      --secret-string file:///dev/stdin >/dev/null
cdk deploy --all "${context[@]}" --require-approval never

echo
echo "edge (guest pages): $(output ResourcesStack EdgeUrl)"
echo "waiver form:        $(output ResourcesStack WaiverFormUrl)"
echo "board:              $(output RuntimeStack BoardUrl)   (user operator; password:"
echo "  aws secretsmanager get-secret-value --secret-id $(output ResourcesStack OperatorPasswordSecret) --query SecretString --output text)"
