"""One module per site style of the simulated web: trs (TRS-WCM), hanweb (大汉 datastore +
dataproxy.jsp), jsonapi (column filled by JavaScript), county (one platform, dozens of agencies),
legacy (GB2312, old layouts) and guarded (robots.txt, 429, broken links, redirects)."""
