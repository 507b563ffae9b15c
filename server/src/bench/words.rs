//! The words of the generated forum: what members of the collective write
//! about (operations, parameters, error fragments, projections, data themes,
//! places), beside the tags of the demo taxonomy and the sentences of the demo
//! threads (see `text.rs`).

/// Versions by solution slug (the taxonomy's); others get a generated one.
pub const VERSIONS: &[(&str, &[&str])] = &[
    ("geoserver", &["2.19.6", "2.20.4", "2.21.2", "2.22.5", "2.23.3", "2.24.0", "2.24.4", "2.25.1", "2.25.3", "2.26.0", "2.26.2", "2.27.1"]),
    ("geonetwork", &["3.10.10", "3.12.11", "4.0.6", "4.2.5", "4.2.8", "4.4.3", "4.4.5", "4.4.6"]),
    ("qgis", &["3.16", "3.22.16", "3.28.4", "3.28.15", "3.30", "3.34.2", "3.34.6", "3.36", "3.38.3", "3.40.1"]),
    ("gdal", &["3.4.3", "3.6.2", "3.7.1", "3.8.4", "3.8.5", "3.9.0", "3.9.2", "3.10.0"]),
    ("georchestra", &["20.1", "22.0", "22.0.4", "23.0", "23.0.2", "24.0", "24.1"]),
    ("prodige", &["4.2", "4.3", "5.0", "5.0.7", "5.1"]),
    ("mapserver", &["7.6.4", "8.0.0", "8.0.1", "8.2.0", "8.2.2"]),
    ("pygeoapi", &["0.14.0", "0.15.0", "0.16.1", "0.17.0", "0.18.0", "0.19.0"]),
    ("lizmap", &["3.5.11", "3.6.4", "3.7.3", "3.8.1"]),
    ("mviewer", &["3.8", "3.9", "3.10", "3.11"]),
    ("ckan", &["2.9.9", "2.10.1", "2.10.4", "2.11.0"]),
    ("openlayers", &["6.15.1", "7.5.2", "8.2.0", "9.1.0", "10.2.1"]),
    ("maplibre", &["2.4.0", "3.6.2", "4.1.2", "4.7.1", "5.0.0"]),
    ("ldproxy", &["3.4.0", "3.5.0", "3.6.1", "4.0.0"]),
    ("data-gouv", &["6.1", "7.0", "8.0.1", "9.1"]),
];

pub const OPERATIONS: &[&str] = &[
    "GetCapabilities", "GetFeature", "GetRecords", "GetRecordById", "GetMap", "GetFeatureInfo", "GetTile",
    "DescribeFeatureType", "GetLegendGraphic", "DescribeRecord", "Transaction", "GetPropertyValue",
    "/collections/{layer}/items", "/conformance", "/collections", "/processes/buffer/execution", "/search",
    "/collections/{layer}/tiles/WebMercatorQuad", "/token", "/userinfo",
];

pub const PARAMS: &[&str] = &[
    "startIndex", "count", "maxFeatures", "outputSchema", "srsName", "bbox", "CQL_FILTER", "typeNames",
    "resultType=hits", "ElementSetName", "constraint", "TILEMATRIXSET", "TILEMATRIX", "STYLES", "SLD", "SLD_BODY",
    "crs", "bbox-crs", "filter-lang", "limit", "offset", "datetime", "properties", "acr_values", "scope",
    "FORMAT_OPTIONS", "INFO_FORMAT", "outputFormat", "sortBy", "namespaces", "exceptions", "VERSION",
];

pub const ERRORS: &[&str] = &[
    "ows:ExceptionReport", "InvalidParameterValue", "MissingParameterValue", "OperationNotSupported", "NoApplicableCode",
    "java.net.UnknownHostException", "java.lang.OutOfMemoryError: Java heap space", "java.net.SocketTimeoutException: Read timed out",
    "org.geotools.referencing.operation.projection.ProjectionException", "ERROR 1: PROJ: proj_create_from_database",
    "HTTP 502 Bad Gateway", "HTTP 413 Payload Too Large", "HTTP 500 Internal Server Error", "HTTP 401 Unauthorized",
    "invalid_client", "invalid_grant", "javax.net.ssl.SSLHandshakeException", "PKIX path building failed",
    "psycopg2.errors.UndefinedColumn", "TypeError: Cannot read properties of undefined (reading 'getExtent')",
    "cvc-complex-type.2.4.a", "XML document structures must start and end within the same entity",
    "Unknown CRS", "ERROR 6: Unsupported SRS", "ERROR 1: HTTP error code : 400", "CORS header 'Access-Control-Allow-Origin' missing",
    "org.xml.sax.SAXParseException", "ServiceException: Could not find layer", "Illegal character in query at index 87",
    "Feature type not found", "Rendering process failed", "No such coverage", "duplicate key value violates unique constraint",
    "lxml.etree.XMLSyntaxError", "ValidationError: 'geometry' is a required property", "Invalid JWT signature",
    "unsupported_response_type", "TileOutOfRange", "StorageCRS mismatch", "JSON parse error: Unexpected character",
];

pub const CRS: &[&str] = &[
    "EPSG:2154", "EPSG:2154", "EPSG:2154", "EPSG:3857", "EPSG:4326", "EPSG:4326", "CRS84", "EPSG:4171", "EPSG:3942",
    "EPSG:3943", "EPSG:3944", "EPSG:3945", "EPSG:3946", "EPSG:3947", "EPSG:3948", "EPSG:3949", "EPSG:3950",
    "EPSG:32620", "EPSG:2972", "EPSG:2975", "EPSG:4471", "EPSG:5490", "EPSG:27572", "EPSG:25831",
];

/// (French, English, identifier part) of the data people publish.
pub const THEMES: &[(&str, &str, &str)] = &[
    ("parcelles cadastrales", "cadastral parcels", "parcelles"), ("bâtiments", "buildings", "batiments"),
    ("tronçons de route", "road segments", "troncons_route"), ("adresses", "addresses", "adresses"),
    ("zonage du PLU", "zoning plan", "zonage_plu"), ("cours d’eau", "watercourses", "cours_eau"),
    ("orthophotographies", "orthophotos", "ortho"), ("plans de prévention des risques", "risk prevention plans", "ppr"),
    ("réseaux d’assainissement", "sewer networks", "reseau_assainissement"), ("équipements publics", "public facilities", "equipements"),
    ("arrêts de bus", "bus stops", "arrets_bus"), ("pistes cyclables", "cycle lanes", "pistes_cyclables"),
    ("bornes de recharge IRVE", "charging stations", "irve"), ("défibrillateurs", "defibrillators", "dae"),
    ("haies bocagères", "hedgerows", "haies"), ("zones humides", "wetlands", "zones_humides"),
    ("limites administratives", "administrative boundaries", "limites_admin"), ("servitudes d’utilité publique", "easements", "sup"),
    ("points de collecte", "collection points", "points_collecte"), ("espaces verts", "green spaces", "espaces_verts"),
    ("occupation du sol", "land cover", "ocsge"), ("courbes de niveau", "contour lines", "courbes_niveau"),
    ("éclairage public", "street lighting", "eclairage"), ("arbres d’alignement", "street trees", "arbres"),
    ("corps de rue", "street surfaces", "pcrs"), ("périmètres de captage", "water catchment areas", "captages"),
    ("sentiers de randonnée", "hiking trails", "sentiers"), ("stationnement", "parking", "stationnement"),
];

pub const PLACES: &[&str] = &[
    "Bourges", "Rennes", "Brest", "Quimper", "Lorient", "Vannes", "Saint-Brieuc", "Nantes", "Angers", "Le Mans", "Tours",
    "Orléans", "Dijon", "Besançon", "Metz", "Nancy", "Strasbourg", "Colmar", "Mulhouse", "Reims", "Amiens", "Lille",
    "Arras", "Rouen", "Caen", "Le Havre", "Cherbourg", "Limoges", "Poitiers", "La Rochelle", "Niort", "Bordeaux", "Pau",
    "Bayonne", "Agen", "Toulouse", "Albi", "Montpellier", "Nîmes", "Perpignan", "Marseille", "Toulon", "Nice", "Avignon",
    "Grenoble", "Chambéry", "Annecy", "Lyon", "Saint-Étienne", "Clermont-Ferrand", "Aurillac", "Ajaccio", "Bastia",
    "Fort-de-France", "Pointe-à-Pitre", "Cayenne", "Saint-Denis", "Mamoudzou", "Laval", "Chartres", "Blois", "Auxerre",
];

pub const ORGANISATIONS: &[&str] = &[
    "CRIGE PACA", "GéoBretagne (Région Bretagne)", "Région Grand Est – GéoGrandEst", "IGN – Géoplateforme", "DREAL Occitanie",
    "DDT du Finistère", "DDTM de la Gironde", "Ville de Bourges – service SIG", "Métropole de Lyon", "Rennes Métropole",
    "Eurométropole de Strasbourg", "Camptocamp", "Neogeo Technologies", "3Liz", "Isogeo", "Esri France", "Géo2France",
    "OPenIG", "PIGMA (Nouvelle-Aquitaine)", "GéoCentre-Val de Loire", "CRAIG (Auvergne)", "SIG L’Îlot (Mayotte)",
    "Conseil départemental du Morbihan", "DINUM – Etalab", "Cerema", "Office français de la biodiversité", "BRGM",
    "Syndicat mixte Mégalis Bretagne", "Communauté d’agglomération du Pays Basque", "ATMB", "Dawizz", "Georchestra PSC",
];

pub const FIRST_NAMES: &[&str] = &[
    "Amélie", "Bruno", "Claire", "Damien", "Élodie", "François", "Gaël", "Hugo", "Inès", "Julien", "Karine", "Loïc",
    "Maëlle", "Nicolas", "Océane", "Pierre", "Quentin", "Rose", "Sébastien", "Thomas", "Ugo", "Valérie", "William",
    "Yann", "Zoé", "Anne", "Benoît", "Céline", "David", "Emma", "Fabien", "Gwenaëlle", "Hélène", "Isabelle", "Jérôme",
    "Laure", "Mathieu", "Nathalie", "Olivier", "Pauline", "Raphaël", "Sophie", "Tristan", "Vincent", "Aurélien", "Joël",
];

pub const LAST_NAMES: &[&str] = &[
    "Roux", "Lefèvre", "Morvan", "Perrin", "Marchand", "Nguyen", "Le Goff", "Besson", "Martin", "Bernard", "Dubois",
    "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Michel", "Garcia", "David",
    "Bertrand", "Vincent", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Blanc", "Guérin",
    "Muller", "Henry", "Le Gall", "Kerbrat", "Quéré", "Tanguy", "Bouvier", "Lemoine", "Chevalier", "Garnier", "Faure",
];

/// Slots in sentences and titles: {sol} {sol2} {ver} {std} {clause} {op}
/// {param} {err} {crs} {layer} {host} {theme} {place} {n}.
pub const FR_OPENINGS: &[&str] = &["Bonjour,", "Bonjour à tous,", "Bonjour à toutes et à tous,", "Hello,", "Salut,"];
pub const EN_OPENINGS: &[&str] = &["Hello,", "Hi all,", "Hi everyone,", "Good morning,"];
pub const FR_CLOSINGS: &[&str] = &["Merci d’avance.", "Merci pour vos retours.", "Toute piste est la bienvenue.", "Bonne journée."];
pub const EN_CLOSINGS: &[&str] = &["Thanks in advance.", "Any hint welcome.", "Thanks for your help.", "Cheers."];

/// How a resolution begins: what fixed it.
pub const FR_FIXES: &[&str] = &[
    "Résolu : il fallait déclarer l’URL publique de {sol} pour que {op} annonce {host}.",
    "Le correctif est dans {sol} {ver} ; après la mise à jour, {op} ne renvoie plus {err}.",
    "C’est réglé en ajoutant {crs} aux projections autorisées de {sol}.",
    "Trouvé : le proxy de {place} coupait les réponses de plus de {n} Mo.",
    "Le moissonneur de {sol2} fonctionne depuis que {param} est renseigné.",
    "Solution : passer par {std} plutôt que par l’ancien service, {sol2} lit alors correctement {layer}.",
];

pub const EN_FIXES: &[&str] = &[
    "Solved: the proxy base URL of {sol} had to be set so that {op} advertises {host}.",
    "The fix is in {sol} {ver}; after upgrading, {op} no longer returns {err}.",
    "Fixed by adding {crs} to the allowed projections of {sol}.",
    "Found it: the proxy in {place} cut responses larger than {n} MB.",
    "The {sol2} harvester works once {param} is set.",
    "Solution: go through {std} instead of the old service; {sol2} then reads {layer} correctly.",
];
