//! The kinds of problem a thread is about. A thread about axis order does not talk about
//! harvesting: most of its sentences come from its own kind of problem,
//! the rest from what every thread says (thanks, logs asked for, "same
//! here"), so a word is found in the threads about it, not in all of them.
//! Slots as in `words.rs`.

pub struct Kind {
    pub fr_titles: &'static [&'static str],
    pub en_titles: &'static [&'static str],
    pub fr: &'static [&'static str],
    pub en: &'static [&'static str],
}

pub const KINDS: &[Kind] = &[
    Kind { // harvesting
        fr_titles: &["Moissonnage {std} de {sol} par {sol2} : aucune fiche récupérée", "Le moissonneur de {sol2} s’arrête sur {err}"],
        en_titles: &["{std} harvesting of {sol} by {sol2}: no record retrieved", "{sol2} harvester stops on {err}"],
        fr: &["Le moissonnage de notre catalogue par {sol2} échoue avec {err} dès la première page.",
              "Le moissonneur récupère {n} fiches puis s’arrête sans message.", "Les fiches moissonnées perdent leurs mots-clés et leur emprise.",
              "Le catalogue distant renvoie des GetRecords vides quand on filtre sur le type de ressource.",
              "Merci, c’était bien la configuration du moissonneur de {sol2} qu’il fallait changer.",
              "Le moissonnage incrémental ne voit pas les fiches modifiées depuis la dernière passe."],
        en: &["Harvesting our catalogue from {sol2} fails with {err} on the first page.",
              "The harvester fetches {n} records and then stops silently.", "Harvested records lose their keywords and their extent.",
              "Thanks, the harvester configuration in {sol2} was the culprit.",
              "Incremental harvesting misses the records changed since the last run."],
    },
    Kind { // projections and axis order
        fr_titles: &["Couche {layer} décalée en {crs} dans {sol2}", "Ordre des axes inversé en {crs} entre {sol} et {sol2}"],
        en_titles: &["Layer {layer} shifted in {crs} in {sol2}", "Axis order swapped in {crs} between {sol} and {sol2}"],
        fr: &["La couche {layer} est publiée en {crs} mais {sol2} l’affiche décalée de plusieurs mètres.",
              "La reprojection vers {crs} fonctionne, c’est l’ordre des axes qui est inversé.",
              "Côté {sol}, il faut déclarer {crs} dans la liste des projections autorisées.",
              "Sans la grille NTv2, le décalage atteint deux mètres en Lambert 93.",
              "Les points de {place} se retrouvent au large de la Somalie : latitude et longitude sont permutées."],
        en: &["The layer {layer} is published in {crs} but {sol2} draws it several metres off.",
              "Reprojection to {crs} works; the axis order is swapped.", "Without the NTv2 grid the shift reaches two metres.",
              "Points from {place} end up off the coast of Somalia: latitude and longitude are swapped."],
    },
    Kind { // paging
        fr_titles: &["Pagination {std} cassée avec {sol} {ver}", "Doublons en paginant {op} sur {sol}"],
        en_titles: &["{std} paging broken with {sol} {ver}", "Duplicates when paging {op} on {sol}"],
        fr: &["Avec {param} à {n}, la pagination renvoie des doublons à partir de la troisième page.",
              "Sans tri explicite, l’ordre des objets change d’une page à l’autre.", "Le nombre total annoncé ne correspond pas aux objets reçus.",
              "Le lien next pointe vers une page vide alors qu’il reste des objets.", "Il manque des objets quand on pagine avec startIndex."],
        en: &["With {param} set to {n}, paging returns duplicates from the third page on.",
              "Without an explicit sort, the order of features changes from one page to the next.",
              "The next link points to an empty page although features remain.", "numberMatched does not match the features received."],
    },
    Kind { // sign-in and tokens
        fr_titles: &["{sol} : le jeton ProConnect est refusé ({err})", "Connexion OpenID Connect impossible entre {sol} et {sol2}"],
        en_titles: &["{sol}: ProConnect token rejected ({err})", "OpenID Connect sign-in fails between {sol} and {sol2}"],
        fr: &["Le jeton ProConnect est refusé par {sol} avec {err}.", "La réponse UserInfo arrive signée en JWT et la passerelle ne sait pas la lire.",
              "L’échange du code renvoie invalid_client alors que le secret est le bon.", "Le niveau eIDAS demandé n’est pas celui renvoyé dans acr.",
              "La déconnexion ne ramène pas l’utilisateur sur notre portail."],
        en: &["The ProConnect token is rejected by {sol} with {err}.", "The UserInfo response is a signed JWT and the gateway cannot read it.",
              "The code exchange returns invalid_client although the secret is right.", "Sign-out does not bring the user back to our portal."],
    },
    Kind { // tiles and rendering
        fr_titles: &["Tuiles de {layer} floues au-delà du niveau {n} dans {sol2}", "Tuiles vectorielles de {sol} : polygones à trous mal rendus"],
        en_titles: &["Tiles of {layer} blurry beyond level {n} in {sol2}", "{sol} vector tiles: polygons with holes rendered wrong"],
        fr: &["Les tuiles de {layer} sont floues au-delà du niveau {n} dans {sol2}.", "Le cache de tuiles garde l’ancienne symbologie après la mise à jour.",
              "Les polygones à trous sont remplis entièrement dans les tuiles vectorielles.", "La matrice de tuilage annoncée ne correspond pas aux niveaux servis."],
        en: &["Tiles of {layer} are blurry beyond level {n} in {sol2}.", "The tile cache keeps the old style after the update.",
              "Polygons with holes are filled completely in the vector tiles.", "The advertised tile matrix set does not match the levels served."],
    },
    Kind { // metadata and validation
        fr_titles: &["Fiches de {sol} rejetées par le validateur INSPIRE ({clause})", "Métadonnées ISO 19139 tronquées à l’export vers {sol2}"],
        en_titles: &["{sol} records rejected by the INSPIRE validator ({clause})", "ISO 19139 metadata truncated on export to {sol2}"],
        fr: &["Le validateur INSPIRE signale une non-conformité sur les fiches de {theme} moissonnées depuis {host}.",
              "La fiche de métadonnées perd son mot-clé INSPIRE lors de l’export vers {sol2}.", "Les résumés longs sont coupés à 2 000 caractères.",
              "La licence n’est pas reconnue : « Licence non spécifiée » sur tous nos jeux.", "Le schéma {std} impose ce champ, {sol} a donc raison de rejeter la fiche."],
        en: &["The INSPIRE validator reports a non-conformity on the {theme} records harvested from {host}.",
              "The metadata record loses its INSPIRE keyword on export to {sol2}.", "Long abstracts are cut at 2,000 characters.",
              "The {std} schema requires that field, so {sol} is right to reject the record."],
    },
    Kind { // performance
        fr_titles: &["{theme} de {place} : {op} trop lent sur {sol}", "{sol} {ver} sature la mémoire sur les gros volumes"],
        en_titles: &["{theme} from {place}: {op} too slow on {sol}", "{sol} {ver} runs out of memory on large layers"],
        fr: &["Le délai d’attente de {n} secondes est dépassé sur les gros volumes.", "La réponse {op} fait {n} Mo, ce qui dépasse la limite du proxy de {place}.",
              "Le service {op} de {host} répond en {n} ms, le problème n’est pas le réseau.", "La mémoire Java sature dès que deux exports tournent en même temps.",
              "Un index spatial manquant sur la table des {theme} explique la lenteur."],
        en: &["The {n} second timeout is exceeded on large layers.", "The {op} endpoint of {host} answers in {n} ms, so it is not the network.",
              "Java memory is exhausted as soon as two exports run at once.", "A missing spatial index on the {theme} table explains the slowness."],
    },
    Kind { // encodings and tabular data
        fr_titles: &["Accents perdus dans la réponse {op} de {sol}", "{sol} rejette « 22,0 » : virgule décimale et {std}"],
        en_titles: &["Accented characters lost in the {op} response from {sol}", "{sol} rejects « 22,0 »: decimal comma and {std}"],
        fr: &["Les accents des attributs sont perdus dans la réponse {op} de {sol}.", "Le fichier CSV est en ISO-8859-1 alors que le schéma attend de l’UTF-8.",
              "La virgule décimale fait échouer la validation du champ puissance_nominale.", "Les dates au format jj/mm/aaaa sont refusées."],
        en: &["Accented characters are lost in the {op} response from {sol}.", "The CSV file is ISO-8859-1 while the schema expects UTF-8.",
              "The decimal comma makes the validation of the field fail.", "Dates written dd/mm/yyyy are rejected."],
    },
    Kind { // public URLs and proxies
        fr_titles: &["Erreur {err} en interrogeant {host}", "{op} de {sol} annonce une URL interne derrière le proxy"],
        en_titles: &["{err} when querying {host}", "{op} from {sol} advertises an internal URL behind the proxy"],
        fr: &["Le serveur {host} répond bien en navigateur, mais {sol2} n’arrive pas à le joindre.",
              "Il suffit de régler l’URL publique dans la configuration de {sol} pour que {op} annonce le bon hôte.",
              "Quelqu’un a-t-il déjà vu {err} avec {sol} derrière un proxy inverse ?", "Le GetCapabilities annonce http alors que le service est en https.",
              "L’en-tête CORS manque sur les réponses d’erreur."],
        en: &["The server {host} answers fine in a browser, but {sol2} cannot reach it.",
              "Setting the proxy base URL in {sol} makes {op} advertise the right host.", "Has anyone seen {err} with {sol} behind a reverse proxy?",
              "The capabilities advertise http although the service runs on https."],
    },
    Kind { // styles and legends
        fr_titles: &["Le SLD externe est ignoré par {sol}", "Légende vide dans {sol2} pour la couche {layer}"],
        en_titles: &["External SLD ignored by {sol}", "Empty legend in {sol2} for layer {layer}"],
        fr: &["Le style SLD passé en paramètre est ignoré, la couche garde son style par défaut.", "La légende renvoyée par GetLegendGraphic est une image vide.",
              "Les règles de symbologie à échelle ne s’appliquent pas au-delà du 1:25 000.", "Les étiquettes se chevauchent au lieu d’être déplacées."],
        en: &["The SLD style given as a parameter is ignored and the layer keeps its default style.", "The legend returned by GetLegendGraphic is an empty image.",
              "Scale-dependent rules do not apply beyond 1:25,000.", "Labels overlap instead of being moved apart."],
    },
    Kind { // editing through the services
        fr_titles: &["Transaction {std} refusée par {sol} {ver}", "Verrou jamais libéré après une édition dans {sol2}"],
        en_titles: &["{std} transaction refused by {sol} {ver}", "Lock never released after editing in {sol2}"],
        fr: &["L’insertion échoue dès que la géométrie est multipartie.", "Le verrou posé par LockFeature n’est jamais libéré.",
              "L’identifiant renvoyé après insertion n’est pas celui stocké en base.", "Les mises à jour partielles effacent les attributs non envoyés."],
        en: &["Insert fails as soon as the geometry is multipart.", "The lock taken by LockFeature is never released.",
              "The id returned after an insert is not the one stored in the database.", "Partial updates erase the attributes that were not sent."],
    },
    Kind { // conformance and standards reading
        fr_titles: &["Clause {clause} de {std} : qui a raison, {sol} ou {sol2} ?", "{sol2} rejette les réponses {op} de {sol}"],
        en_titles: &["{std} clause {clause}: is {sol} or {sol2} right?", "{sol2} rejects {op} responses from {sol}"],
        fr: &["La clause {clause} de {std} dit pourtant le contraire.", "C’est le comportement attendu de {sol} : il suit {std} à la lettre ({clause}).",
              "Est-ce que le problème existe aussi en {std} ou seulement en {clause} ?", "Les tests de conformité de l’OGC passent, mais {sol2} refuse la réponse."],
        en: &["Clause {clause} of {std} says otherwise, though.", "This is the expected behaviour of {sol}: it follows {std} to the letter ({clause}).",
              "The OGC conformance tests pass, yet {sol2} refuses the response."],
    },
];

/// What any thread may say, whatever it is about.
pub const FR_COMMON: &[&str] = &[
    "Depuis la mise à jour de {sol} en {ver}, la requête {op} renvoie {err}.", "Nous diffusons les {theme} de {place} via {std} avec {sol} {ver}.",
    "Nous avons reproduit le problème sur une instance de test de {sol} {ver}.", "Le journal de {sol} ne montre rien d’autre que {err}.",
    "Le correctif est intégré à {sol} {ver}, il faut donc mettre à jour.", "Nous avons ouvert un ticket chez l’éditeur de {sol}, je mets le lien ici dès que possible.",
    "Je confirme le problème sur {sol} {ver} avec les données de {place}.", "Pouvez-vous joindre l’extrait du journal et la requête complète ?",
    "Même souci chez nous avec {sol} {ver}.", "En attendant, nous avons contourné en publiant une vue simplifiée.",
];

pub const EN_COMMON: &[&str] = &[
    "Since upgrading {sol} to {ver}, the {op} request returns {err}.", "We publish the {theme} of {place} through {std} with {sol} {ver}.",
    "We reproduced the issue on a test instance of {sol} {ver}.", "The {sol} log shows nothing but {err}.",
    "The fix landed in {sol} {ver}, so upgrading solves it.", "I opened an issue with the {sol} maintainers and will link it here.",
    "Could you attach the log excerpt and the full request?", "Same problem here with {sol} {ver}.",
];
