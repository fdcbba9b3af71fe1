#!/usr/bin/env bash
# One command down (docs/aws.md): removes RuntimeStack and ResourcesStack and the image repository. The tables and
# the page bucket are kept (RETAIN) unless --delete-data, which deletes the ones ResourcesStack made, and their data.
#   infra/destroy.sh [--delete-data] [-c name=value ...]   (the same -c adoptions as at deploy)
cd "$(dirname "$0")/.."
delete_data=false
if [ "${1:-}" = "--delete-data" ]; then delete_data=true; shift; fi
source infra/common.sh

build_app
context=(-c calendarId=destroy -c imageTag=destroy -c imageRepository="$repository" -c waiverZip="$waiver_zip" "$@")
tables=$(aws cloudformation list-stack-resources --stack-name ResourcesStack \
  --query "StackResourceSummaries[?ResourceType=='AWS::DynamoDB::Table'].PhysicalResourceId" --output text 2>/dev/null || true)
buckets=$(aws cloudformation list-stack-resources --stack-name ResourcesStack \
  --query "StackResourceSummaries[?ResourceType=='AWS::S3::Bucket'].PhysicalResourceId" --output text 2>/dev/null || true)
cdk destroy --all --force "${context[@]}"
aws ecr delete-repository --repository-name "$repository" --force >/dev/null 2>&1 || true
if $delete_data; then
  for table in $tables; do aws dynamodb delete-table --table-name "$table" >/dev/null && echo "deleted table $table"; done
  for bucket in $buckets; do aws s3 rb "s3://$bucket" --force >/dev/null && echo "deleted bucket $bucket"; done
else
  echo "kept (RETAIN): tables ${tables:-none} and bucket ${buckets:-none}; infra/destroy.sh --delete-data removes them"
fi
