// Conf files Splunk itself defines (it has a .spec for them). Any other default/*.conf of an app is "custom":
// it needs a `reload.<stem>` trigger in app.conf and a `conf_replication_include.<stem>` in server.conf, and a
// reload trigger for a Splunk-defined conf fails AppInspect's check_for_trigger_stanza.
export const SPLUNK_DEFINED_CONFS = new Set([
  "alert_actions", "app", "audit", "authentication", "authorize", "bookmarks", "checklist", "collections",
  "commands", "datamodels", "datatypesbnf", "default-mode", "deploymentclient", "distsearch", "eventdiscoverer",
  "event_renderers", "eventtypes", "federated", "fields", "global-banner", "health", "indexes", "inputs",
  "instance", "limits", "literals", "livetail", "macros", "messages", "metric_alerts", "metric_rollups",
  "multikv", "outputs", "passwords", "procmon-filters", "props", "pubsub", "restmap", "savedsearches",
  "searchbnf", "segmenters", "server", "serverclass", "serverclass.seed.xml", "source-classifier",
  "sourcetypes", "splunk-launch", "tags", "telemetry", "times", "transactiontypes", "transforms", "ui-prefs",
  "ui-tour", "user-prefs", "user-seed", "viewstates", "visualizations", "web", "web-features",
  "workflow_actions", "workload_policy", "workload_pools", "workload_rules", "wmi", "crawl", "tenants",
]);

export const isCustomConf = (stem: string): boolean => !SPLUNK_DEFINED_CONFS.has(stem);
