{{/* ---------------------------------------------------------------- names and labels */}}
{{- define "asyn2f.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "asyn2f.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Name of one component's objects: <fullname>-<component>. Call with (dict "root" $ "component" "registry"). */}}
{{- define "asyn2f.componentName" -}}
{{- printf "%s-%s" (include "asyn2f.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "asyn2f.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "asyn2f.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: asyn2f
{{- end }}

{{- define "asyn2f.selectorLabels" -}}
app.kubernetes.io/name: {{ include "asyn2f.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "asyn2f.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "asyn2f.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Image of an asyn2f component. Call with (dict "root" $ "image" .Values.registry.image). */}}
{{- define "asyn2f.image" -}}
{{- $registry := .root.Values.global.imageRegistry | default .root.Values.image.registry -}}
{{- $tag := .image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- if $registry -}}
{{- printf "%s/%s/%s:%s" $registry .root.Values.image.repository .image.name $tag -}}
{{- else -}}
{{- printf "%s/%s:%s" .root.Values.image.repository .image.name $tag -}}
{{- end -}}
{{- end }}

{{- define "asyn2f.imagePullSecrets" -}}
{{- with .Values.global.imagePullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end }}

{{/* ---------------------------------------------------------------- validation */}}
{{/* Fails the render with a clear message when a bundled service and its external counterpart are both (or neither)
     configured. Included once from NOTES-independent template common/validate.yaml. */}}
{{- define "asyn2f.validate" -}}
{{- if and .Values.rabbitmq.enabled .Values.externalRabbitmq.host }}
{{- fail "rabbitmq.enabled=true and externalRabbitmq.host are both set: choose the bundled RabbitMQ or an external broker, not both" }}
{{- end }}
{{- if and (not .Values.rabbitmq.enabled) (not .Values.externalRabbitmq.host) }}
{{- fail "no message broker: set rabbitmq.enabled=true or externalRabbitmq.host" }}
{{- end }}
{{- if and .Values.postgresql.enabled .Values.externalDatabase.host }}
{{- fail "postgresql.enabled=true and externalDatabase.host are both set: choose the bundled PostgreSQL or an external database, not both" }}
{{- end }}
{{- if and (not .Values.postgresql.enabled) (not .Values.externalDatabase.host) }}
{{- fail "no database: set postgresql.enabled=true or externalDatabase.host" }}
{{- end }}
{{- if and .Values.minio.enabled .Values.externalS3.endpoint }}
{{- fail "minio.enabled=true and externalS3.endpoint are both set: choose the bundled MinIO or an external S3 store, not both" }}
{{- end }}
{{- if and (not .Values.minio.enabled) (not .Values.externalS3.endpoint) }}
{{- fail "no object storage: set minio.enabled=true or externalS3.endpoint" }}
{{- end }}
{{- if and (not .Values.rabbitmq.enabled) (not .Values.externalRabbitmq.existingSecret) (not .Values.externalRabbitmq.password) }}
{{- fail "externalRabbitmq: set existingSecret (recommended) or password" }}
{{- end }}
{{- if and (not .Values.postgresql.enabled) (not .Values.externalDatabase.existingSecret) (not .Values.externalDatabase.password) }}
{{- fail "externalDatabase: set existingSecret (recommended) or password" }}
{{- end }}
{{- if and (not .Values.minio.enabled) (not .Values.externalS3.existingSecret) (not .Values.externalS3.accessKey) }}
{{- fail "externalS3: set existingSecret (recommended) or accessKey and secretKey" }}
{{- end }}
{{- $wb := .Values.registry.workerBroker }}
{{- if $wb.perWorkerUsers }}
{{- if and (not .Values.rabbitmq.enabled) (not .Values.externalRabbitmq.management.url) }}
{{- fail "registry.workerBroker.perWorkerUsers=true needs externalRabbitmq.management.url and .username (a user allowed to manage users), or set perWorkerUsers=false with a worker account of its own" }}
{{- end }}
{{- if and (not .Values.rabbitmq.enabled) (not .Values.externalRabbitmq.management.username) }}
{{- fail "externalRabbitmq.management.username: set the user the registry manages worker users with" }}
{{- end }}
{{- if and (not .Values.rabbitmq.enabled) (not .Values.externalRabbitmq.existingSecret) (not .Values.externalRabbitmq.management.existingSecret) (not .Values.externalRabbitmq.management.password) }}
{{- fail "externalRabbitmq.management: set existingSecret (recommended) or password" }}
{{- end }}
{{- else }}
{{- if not $wb.username }}
{{- fail "registry.workerBroker.perWorkerUsers=false needs registry.workerBroker.username: workers never get the services' or the administrator's broker account" }}
{{- end }}
{{- if or (eq $wb.username (include "asyn2f.rabbitmq.username" .)) (and .Values.rabbitmq.enabled (eq $wb.username .Values.rabbitmq.auth.username)) }}
{{- fail "registry.workerBroker.username must be an account of the workers' own, not the services' or the administrator's" }}
{{- end }}
{{- if and (not $wb.existingSecret) (not $wb.password) }}
{{- fail "registry.workerBroker: set existingSecret (recommended) or password" }}
{{- end }}
{{- end }}
{{- if .Values.workers.enabled }}
{{- if not .Values.workers.sessionId }}
{{- fail "workers.enabled=true needs workers.sessionId (the training session the workers join)" }}
{{- end }}
{{- $names := dict }}
{{- range .Values.workers.groups }}
{{- if hasKey $names .name }}
{{- fail (printf "workers.groups: the name %q is used twice" .name) }}
{{- end }}
{{- $_ := set $names .name true }}
{{- end }}
{{- end }}
{{- end }}

{{/* ---------------------------------------------------------------- RabbitMQ endpoint */}}
{{- define "asyn2f.rabbitmq.host" -}}
{{- if .Values.rabbitmq.enabled }}{{ include "asyn2f.componentName" (dict "root" . "component" "rabbitmq") }}{{ else }}{{ .Values.externalRabbitmq.host }}{{ end }}
{{- end }}
{{- define "asyn2f.rabbitmq.port" -}}
{{- if .Values.rabbitmq.enabled }}{{ .Values.rabbitmq.service.amqpPort }}{{ else }}{{ .Values.externalRabbitmq.port }}{{ end }}
{{- end }}
{{- define "asyn2f.rabbitmq.virtualHost" -}}
{{- if .Values.rabbitmq.enabled }}/{{ else }}{{ .Values.externalRabbitmq.virtualHost }}{{ end }}
{{- end }}
{{- /* The services' account (never the bundled broker's administrator, never handed to workers). */}}
{{- define "asyn2f.rabbitmq.username" -}}
{{- if .Values.rabbitmq.enabled }}{{ .Values.rabbitmq.auth.servicesUsername }}{{ else }}{{ .Values.externalRabbitmq.username }}{{ end }}
{{- end }}
{{- define "asyn2f.rabbitmq.secretName" -}}
{{- if .Values.rabbitmq.enabled }}{{ .Values.rabbitmq.auth.existingSecret | default (include "asyn2f.componentName" (dict "root" . "component" "rabbitmq")) }}
{{- else }}{{ .Values.externalRabbitmq.existingSecret | default (include "asyn2f.componentName" (dict "root" . "component" "external-rabbitmq")) }}{{ end }}
{{- end }}
{{- define "asyn2f.rabbitmq.passwordKey" -}}
{{- if .Values.rabbitmq.enabled }}{{ .Values.rabbitmq.auth.existingSecretServicesPasswordKey }}{{ else }}{{ .Values.externalRabbitmq.existingSecretPasswordKey }}{{ end }}
{{- end }}
{{- /* The management API and the account the registry manages worker users with (per-worker broker users). */}}
{{- define "asyn2f.rabbitmq.management.url" -}}
{{- if .Values.rabbitmq.enabled }}http://{{ include "asyn2f.componentName" (dict "root" . "component" "rabbitmq") }}:{{ .Values.rabbitmq.service.managementPort }}/{{ else }}{{ .Values.externalRabbitmq.management.url }}{{ end }}
{{- end }}
{{- define "asyn2f.rabbitmq.management.username" -}}
{{- if .Values.rabbitmq.enabled }}{{ .Values.rabbitmq.auth.username }}{{ else }}{{ .Values.externalRabbitmq.management.username }}{{ end }}
{{- end }}
{{- define "asyn2f.rabbitmq.management.secretName" -}}
{{- if .Values.rabbitmq.enabled }}{{ include "asyn2f.rabbitmq.secretName" . }}{{ else }}{{ .Values.externalRabbitmq.management.existingSecret | default (include "asyn2f.rabbitmq.secretName" .) }}{{ end }}
{{- end }}
{{- define "asyn2f.rabbitmq.management.passwordKey" -}}
{{- if .Values.rabbitmq.enabled }}{{ .Values.rabbitmq.auth.existingSecretPasswordKey }}{{ else }}{{ .Values.externalRabbitmq.management.existingSecretPasswordKey }}{{ end }}
{{- end }}
{{- define "asyn2f.workerBroker.secretName" -}}
{{- .Values.registry.workerBroker.existingSecret | default (include "asyn2f.componentName" (dict "root" . "component" "worker-broker")) }}
{{- end }}

{{/* ---------------------------------------------------------------- PostgreSQL endpoint */}}
{{- define "asyn2f.database.host" -}}
{{- if .Values.postgresql.enabled }}{{ include "asyn2f.componentName" (dict "root" . "component" "postgresql") }}{{ else }}{{ .Values.externalDatabase.host }}{{ end }}
{{- end }}
{{- define "asyn2f.database.port" -}}
{{- if .Values.postgresql.enabled }}{{ .Values.postgresql.service.port }}{{ else }}{{ .Values.externalDatabase.port }}{{ end }}
{{- end }}
{{- define "asyn2f.database.name" -}}
{{- if .Values.postgresql.enabled }}{{ .Values.postgresql.auth.database }}{{ else }}{{ .Values.externalDatabase.database }}{{ end }}
{{- end }}
{{- define "asyn2f.database.username" -}}
{{- if .Values.postgresql.enabled }}{{ .Values.postgresql.auth.username }}{{ else }}{{ .Values.externalDatabase.username }}{{ end }}
{{- end }}
{{- define "asyn2f.database.url" -}}
{{- $params := ternary "" (printf "?%s" .Values.externalDatabase.jdbcParameters) (or .Values.postgresql.enabled (not .Values.externalDatabase.jdbcParameters)) -}}
jdbc:postgresql://{{ include "asyn2f.database.host" . }}:{{ include "asyn2f.database.port" . }}/{{ include "asyn2f.database.name" . }}{{ $params }}
{{- end }}
{{- define "asyn2f.database.secretName" -}}
{{- if .Values.postgresql.enabled }}{{ .Values.postgresql.auth.existingSecret | default (include "asyn2f.componentName" (dict "root" . "component" "postgresql")) }}
{{- else }}{{ .Values.externalDatabase.existingSecret | default (include "asyn2f.componentName" (dict "root" . "component" "external-database")) }}{{ end }}
{{- end }}
{{- define "asyn2f.database.passwordKey" -}}
{{- if .Values.postgresql.enabled }}{{ .Values.postgresql.auth.existingSecretPasswordKey }}{{ else }}{{ .Values.externalDatabase.existingSecretPasswordKey }}{{ end }}
{{- end }}

{{/* ---------------------------------------------------------------- S3 endpoint */}}
{{- define "asyn2f.s3.endpoint" -}}
{{- if .Values.minio.enabled }}http://{{ include "asyn2f.componentName" (dict "root" . "component" "minio") }}:{{ .Values.minio.service.port }}{{ else }}{{ .Values.externalS3.endpoint }}{{ end }}
{{- end }}
{{/* What workers reach for presigned URLs (the gateway's asyn2f.s3.public-endpoint); defaults to the in-cluster
     endpoint. */}}
{{- define "asyn2f.s3.publicEndpoint" -}}
{{- if .Values.minio.enabled }}{{ .Values.minio.publicEndpoint | default (include "asyn2f.s3.endpoint" .) }}{{ else }}{{ .Values.externalS3.publicEndpoint | default .Values.externalS3.endpoint }}{{ end }}
{{- end }}
{{- define "asyn2f.s3.region" -}}
{{- if .Values.minio.enabled }}us-east-1{{ else }}{{ .Values.externalS3.region }}{{ end }}
{{- end }}
{{- define "asyn2f.s3.bucket" -}}
{{- if .Values.minio.enabled }}{{ .Values.minio.bucket }}{{ else }}{{ .Values.externalS3.bucket }}{{ end }}
{{- end }}
{{- define "asyn2f.s3.secretName" -}}
{{- if .Values.minio.enabled }}{{ .Values.minio.auth.existingSecret | default (include "asyn2f.componentName" (dict "root" . "component" "minio")) }}
{{- else }}{{ .Values.externalS3.existingSecret | default (include "asyn2f.componentName" (dict "root" . "component" "external-s3")) }}{{ end }}
{{- end }}
{{- define "asyn2f.s3.accessKeyKey" -}}
{{- if .Values.minio.enabled }}{{ .Values.minio.auth.existingSecretAccessKeyKey }}{{ else }}{{ .Values.externalS3.existingSecretAccessKeyKey }}{{ end }}
{{- end }}
{{- define "asyn2f.s3.secretKeyKey" -}}
{{- if .Values.minio.enabled }}{{ .Values.minio.auth.existingSecretSecretKeyKey }}{{ else }}{{ .Values.externalS3.existingSecretSecretKeyKey }}{{ end }}
{{- end }}

{{/* ---------------------------------------------------------------- platform credentials */}}
{{- define "asyn2f.auth.secretName" -}}
{{- .Values.auth.existingSecret | default (include "asyn2f.componentName" (dict "root" . "component" "auth")) }}
{{- end }}

{{/* The Secret with the workers' enrollment token: the operator's or the chart's (<release>-asyn2f-enrollment) */}}
{{- define "asyn2f.workers.enrollmentSecretName" -}}
{{- .Values.workers.enrollmentToken.existingSecret | default (include "asyn2f.componentName" (dict "root" . "component" "enrollment")) }}
{{- end }}

{{/* In-cluster URLs of our own services. */}}
{{- define "asyn2f.registry.url" -}}
http://{{ include "asyn2f.componentName" (dict "root" . "component" "registry") }}:{{ .Values.registry.service.port }}
{{- end }}
{{- define "asyn2f.storageGateway.url" -}}
http://{{ include "asyn2f.componentName" (dict "root" . "component" "storage-gateway") }}:{{ .Values.storageGateway.service.port }}
{{- end }}

{{/* A provided value, or a generated one. Secrets holding generated values are pre-install hooks kept by Helm
     (see common/auth-secret.yaml): created once, never regenerated by an upgrade. (No `lookup`: it needs a live
     cluster, and `helm template`/GitOps renders have none.)
     Call with (dict "value" <provided> "generate" <string>). */}}
{{- define "asyn2f.secretValue" -}}
{{- .value | default .generate | b64enc }}
{{- end }}

{{/* A new EC P-256 private key as PEM PKCS#8, the form the registry reads. Helm's genPrivateKey writes SEC1
     ("EC PRIVATE KEY", 121 DER bytes for P-256); PKCS#8 wraps it in a fixed header: version 0, algorithm
     id-ecPublicKey with prime256v1, then the SEC1 bytes as an OCTET STRING. */}}
{{- define "asyn2f.generateSigningKey" -}}
{{- $sec1 := regexReplaceAll "-----[A-Z ]+-----" (genPrivateKey "ecdsa") "" | nospace | b64dec }}
{{- $der := printf "%s%s" ("MIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHk=" | b64dec) $sec1 }}
{{- printf "-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----\n" (regexReplaceAll "(.{64})" ($der | b64enc) "${1}\n") }}
{{- end }}

{{/* Annotations of a Secret that holds generated values: created once at install as a hook Helm keeps, so an
     upgrade never regenerates a password a database already uses. A Secret of provided values only is an ordinary
     resource (upgrades apply changes). Call with a boolean: whether anything is generated. */}}
{{- define "asyn2f.generatedSecretAnnotations" -}}
{{- if . }}
annotations:
  helm.sh/hook: pre-install
  helm.sh/hook-weight: "-10"
  helm.sh/resource-policy: keep
{{- end }}
{{- end }}

{{/* ---------------------------------------------------------------- shared pod pieces */}}
{{/* Broker env shared by every asyn2f service and worker. */}}
{{- define "asyn2f.env.rabbitmq" -}}
- name: SPRING_RABBITMQ_HOST
  value: {{ include "asyn2f.rabbitmq.host" . | quote }}
- name: SPRING_RABBITMQ_PORT
  value: {{ include "asyn2f.rabbitmq.port" . | quote }}
- name: SPRING_RABBITMQ_VIRTUALHOST
  value: {{ include "asyn2f.rabbitmq.virtualHost" . | quote }}
- name: SPRING_RABBITMQ_USERNAME
  value: {{ include "asyn2f.rabbitmq.username" . | quote }}
- name: SPRING_RABBITMQ_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "asyn2f.rabbitmq.secretName" . }}
      key: {{ include "asyn2f.rabbitmq.passwordKey" . }}
{{- end }}

{{- define "asyn2f.env.database" -}}
- name: SPRING_DATASOURCE_URL
  value: {{ include "asyn2f.database.url" . | quote }}
- name: SPRING_DATASOURCE_USERNAME
  value: {{ include "asyn2f.database.username" . | quote }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "asyn2f.database.secretName" . }}
      key: {{ include "asyn2f.database.passwordKey" . }}
{{- end }}

{{- define "asyn2f.env.s3" -}}
- name: ASYN2F_S3_ENDPOINT
  value: {{ include "asyn2f.s3.endpoint" . | quote }}
- name: ASYN2F_S3_REGION
  value: {{ include "asyn2f.s3.region" . | quote }}
- name: ASYN2F_S3_BUCKET
  value: {{ include "asyn2f.s3.bucket" . | quote }}
- name: ASYN2F_S3_ACCESSKEY
  valueFrom:
    secretKeyRef:
      name: {{ include "asyn2f.s3.secretName" . }}
      key: {{ include "asyn2f.s3.accessKeyKey" . }}
- name: ASYN2F_S3_SECRETKEY
  valueFrom:
    secretKeyRef:
      name: {{ include "asyn2f.s3.secretName" . }}
      key: {{ include "asyn2f.s3.secretKeyKey" . }}
{{- end }}

{{/* A secret value from the platform credentials Secret. Call with (dict "root" $ "name" ENV "key" KEY). */}}
{{- define "asyn2f.env.authSecret" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ include "asyn2f.auth.secretName" .root }}
      key: {{ .key }}
{{- end }}

{{/* Probes on the actuator health groups; the startup probe gives a slow JVM start room without loosening liveness. */}}
{{- define "asyn2f.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: 5
  failureThreshold: {{ .startupFailureThreshold | default 36 }}
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: http
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end }}

{{- define "asyn2f.javaEnv" -}}
- name: JAVA_TOOL_OPTIONS
  value: {{ . | quote }}
{{- end }}
