#!/bin/sh
# Class data sharing for a service image: one training run at build time starts the application context and stops
# when it is refreshed (spring.context.exit=onRefresh), before any listener, scheduler or web server runs, and the JVM
# writes the classes it loaded to app.jsa; each start of the container then maps them instead of loading and
# verifying them again (about a third less start-up, measured in docs/operations.md). The run reaches no service: the
# database and the store point at a closed port, Flyway and Hibernate's schema check are off and Hibernate is told
# its dialect instead of asking the database; the settings a service refuses to start without get throw-away values
# that exist only in this build-time JVM, never in the image. A run that fails leaves no archive, and the image starts without one.
set -u
jar=${1:-app.jar}
if java -XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh \
    -Dspring.datasource.url=jdbc:postgresql://127.0.0.1:9/none \
    -Dspring.flyway.enabled=false \
    -Dspring.jpa.hibernate.ddl-auto=none \
    -Dspring.jpa.database-platform=org.hibernate.dialect.PostgreSQLDialect \
    -Dspring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false \
    -Dasyn2f.s3.endpoint=http://127.0.0.1:9 -Dasyn2f.s3.access-key=cds-training -Dasyn2f.s3.secret-key=cds-training \
    -Dasyn2f.registry.enrollment-secret=cds-training -Dasyn2f.registry.admin.username=cds-training \
    -Dasyn2f.registry.admin.password=cds-training -Dasyn2f.aggregator.admin.password=cds-training \
    -jar "$jar" > cds-training.log 2>&1 && [ -s app.jsa ]; then
  echo "class data archive written: $(du -h app.jsa | cut -f1)"
  rm -f cds-training.log
else
  echo "the training run failed; the image starts without a class data archive:" >&2
  grep -v '^\[' cds-training.log | tail -n 40 >&2
  rm -f app.jsa cds-training.log
fi
exit 0
