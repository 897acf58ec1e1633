{{/* A Deployment of one asyn2f Spring Boot service. Call with
     (dict "root" $ "component" "registry" "values" .Values.registry "port" 8081 "env" (include "..." $)). */}}
{{- define "asyn2f.deployment" -}}
{{- $c := dict "root" .root "component" .component }}
{{- $v := .values }}
{{- $root := .root }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "asyn2f.componentName" $c }}
  labels:
    {{- include "asyn2f.labels" $c | nindent 4 }}
spec:
  replicas: {{ $v.replicaCount }}
  selector:
    matchLabels:
      {{- include "asyn2f.selectorLabels" $c | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "asyn2f.labels" $c | nindent 8 }}
      {{- with $v.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "asyn2f.serviceAccountName" $root }}
      automountServiceAccountToken: false
      {{- include "asyn2f.imagePullSecrets" $root | nindent 6 }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: 30
      containers:
        - name: {{ .component }}
          image: {{ include "asyn2f.image" (dict "root" $root "image" $v.image) }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .port }}
              protocol: TCP
          env:
            - name: SERVER_PORT
              value: {{ .port | quote }}
            # The OpenAPI document (/v3/api-docs) and Swagger UI (/swagger-ui.html), without credentials.
            - name: ASYN2F_APIDOCS_ENABLED
              value: {{ $root.Values.apiDocs.enabled | quote }}
            {{- include "asyn2f.javaEnv" $v.javaToolOptions | nindent 12 }}
            {{- .env | trim | nindent 12 }}
            {{- with $v.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          {{- include "asyn2f.probes" dict | nindent 10 }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.containerSecurityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}
