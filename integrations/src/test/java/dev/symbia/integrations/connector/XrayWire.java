package dev.symbia.integrations.connector;

/** Xray's v2 artifact summary as the vendor sends it (reference §2). */
final class XrayWire {

    private XrayWire() {
    }

    static String summary(String path, String severity, String cve) {
        String issues = severity == null ? "[]" : "[{\"issue_id\":\"XRAY-1\",\"summary\":\"Remote code execution\","
                + "\"description\":\"…\",\"issue_type\":\"security\",\"severity\":\"" + severity + "\",\"provider\":\"JFrog\","
                + "\"cves\":[{\"cve\":\"" + cve + "\",\"cvss_v2\":\"9.3/CVSS:2.0/AV:N\",\"cvss_v3\":\"10.0/CVSS:3.1/AV:N\","
                + "\"cwe\":[\"CWE-502\"]}],\"created\":\"2021-12-10T00:00:00Z\",\"impact_path\":[],\"components\":"
                + "[{\"component_id\":\"gav://org.apache.logging.log4j:log4j-core:2.14.1\",\"fixed_versions\":[\"2.15.0\"]}],"
                + "\"component_physical_paths\":[]}]";
        return "{\"artifacts\":[{\"general\":{\"component_id\":\"app:1.0\",\"name\":\"app-1.0.jar\",\"path\":\"default/" + path
                + "\",\"pkg_type\":\"Generic\",\"sha256\":\"abc\"},\"issues\":" + issues
                + ",\"licenses\":[],\"operational_risks\":[]}],\"errors\":[]}";
    }
}
