{{/* Service of one asyn2f HTTP service; labelled for the ServiceMonitor. Call with
     (dict "root" $ "component" "registry" "service" .Values.registry.service). */}}
{{- define "asyn2f.service" -}}
{{- $c := dict "root" .root "component" .component }}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "asyn2f.componentName" $c }}
  labels:
    {{- include "asyn2f.labels" $c | nindent 4 }}
    asyn2f.io/metrics: "true"
spec:
  type: {{ .service.type }}
  selector:
    {{- include "asyn2f.selectorLabels" $c | nindent 4 }}
  ports:
    - name: http
      port: {{ .service.port }}
      targetPort: http
      protocol: TCP
{{- end }}

{{/* PodDisruptionBudget. Call with (dict "root" $ "component" "registry" "pdb" .Values.registry.podDisruptionBudget). */}}
{{- define "asyn2f.pdb" -}}
{{- if .pdb.enabled }}
{{- $c := dict "root" .root "component" .component }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "asyn2f.componentName" $c }}
  labels:
    {{- include "asyn2f.labels" $c | nindent 4 }}
spec:
  maxUnavailable: {{ .pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "asyn2f.selectorLabels" $c | nindent 6 }}
{{- end }}
{{- end }}

{{/* A peer: pods of one component of this release. */}}
{{- define "asyn2f.peer" -}}
- podSelector:
    matchLabels:
      {{- include "asyn2f.selectorLabels" . | nindent 6 }}
{{- end }}

{{/* Ingress NetworkPolicy. Call with (dict "root" $ "component" "registry" "ports" (list 8081)
     "from" (list "worker" "aggregator") "extraFrom" <list of peers> "metrics" true). */}}
{{- define "asyn2f.networkPolicy" -}}
{{- if .root.Values.networkPolicy.enabled }}
{{- $c := dict "root" .root "component" .component }}
{{- $root := .root }}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "asyn2f.componentName" $c }}
  labels:
    {{- include "asyn2f.labels" $c | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "asyn2f.selectorLabels" $c | nindent 6 }}
  policyTypes: [Ingress]
  ingress:
    {{- if or .from .extraFrom }}
    - from:
        {{- range .from }}
        {{- include "asyn2f.peer" (dict "root" $root "component" .) | nindent 8 }}
        {{- end }}
        {{- with .extraFrom }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        {{- range .ports }}
        - port: {{ . }}
          protocol: TCP
        {{- end }}
    {{- end }}
    {{- range .extraRules }}
    - from:
        {{- range .from }}
        {{- include "asyn2f.peer" (dict "root" $root "component" .) | nindent 8 }}
        {{- end }}
      ports:
        {{- range .ports }}
        - port: {{ . }}
          protocol: TCP
        {{- end }}
    {{- end }}
    {{- if and .metrics $root.Values.networkPolicy.metricsFrom }}
    - from:
        {{- toYaml $root.Values.networkPolicy.metricsFrom | nindent 8 }}
      ports:
        - port: {{ .metrics }}
          protocol: TCP
    {{- end }}
{{- end }}
{{- end }}
