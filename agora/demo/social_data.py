"""The demo's social life: who follows whom, posts with product tags and photos, comments,
replies and reposts. Likes are drawn from a seeded random generator in social.py.

A post is found again by its author and text, so keep texts unique per author. `hours` is how
long ago it was posted; `scene` is the kind of photo drawn for it (lifestyle.py), None for a
text-only post. Products are named by their title (products.py); only active ones can be tagged.
"""

from __future__ import annotations

# person -> handles (people and shops) they follow. Ana follows every shop and a few people.
FOLLOWS: dict[str, list[str]] = {
    "ana": [
        "atelier_nord",
        "torrefaction",
        "kinderkram",
        "fernhill",
        "chloe",
        "yusuf",
        "emma",
        "noah",
        "lucas",
        "mia",
    ],
    "chloe": ["atelier_nord", "fernhill", "ana", "sofia", "mia"],
    "yusuf": ["torrefaction", "lucas", "jonas", "ana", "marc", "paul"],
    "noah": ["kinderkram", "fernhill", "lena", "mia"],
    "emma": ["fernhill", "atelier_nord", "ana", "chloe"],
    "lucas": ["torrefaction", "yusuf", "chloe", "jonas"],
    "mia": ["kinderkram", "atelier_nord", "fernhill", "chloe", "noah"],
    "jonas": ["torrefaction", "yusuf", "lucas"],
    "sofia": ["chloe", "ana", "torrefaction", "ines"],
    "marc": ["yusuf", "paul", "fernhill"],
    "lena": ["noah", "mia", "atelier_nord"],
    "oliver": ["emma", "kinderkram", "torrefaction"],
    "ines": ["atelier_nord", "sofia", "chloe"],
    "paul": ["torrefaction", "marc", "yusuf"],
}


def _post(key, by, hours, scene, products, text, shop=None):  # noqa: PLR0917
    return {"key": key, "by": by, "shop": shop, "hours": hours, "scene": scene,
            "products": products, "text": text}  # fmt: skip


def S(shop, key, by, hours, scene, products, text):  # noqa: PLR0917
    """A post by a shop, written by one of its staff."""
    return _post(key, by, hours, scene, products, text, shop=shop)


P = _post  # a person's post

AN, TC, KK, FH = "atelier_nord", "torrefaction", "kinderkram", "fernhill"
ROBE, MARINIERE, MANTEAU = "Robe portefeuille en lin", "Marinière en coton bio", "Manteau en laine bouillie"  # fmt: skip
PULL, CHEMISE, PANTALON = "Pull marin en mérinos", "Chemise en lin lavé", "Pantalon large en lin"
ECHARPE, CABAS, BONNET = "Écharpe en cachemire", "Sac cabas en toile", "Bonnet côtelé"
YIRGA, HUILA, CERRADO, KENYA = "Éthiopie Yirgacheffe", "Colombie Huila", "Brésil Cerrado", "Kenya Nyeri AA"  # fmt: skip
GUATE, ESPRESSO, DECA = "Guatemala Huehuetenango", "Mélange Canal espresso", "Décaféiné Colombie à l'eau"  # fmt: skip
COFFRET, V60, C40 = "Coffret découverte trois origines", "Dripper V60 en céramique", "Moulin manuel C40"  # fmt: skip
STAGG, TASSE = "Bouilloire col de cygne Stagg EKG", "Tasse en grès émaillé"
LATZ, MUSSELIN, MUETZE = "Latzhose aus Cord", "Musselin-Kleid", "Strickmütze mit Bommel"
SOFTSHELL, KAPUZE, SCHLAFSACK = "Softshelljacke", "Kapuzenpullover", "Schlafsack aus Musselin"
RUCKSACK, HALSTUCH, REGENHOSE = "Kinderrucksack", "Halstuch im 2er-Set", "Regenhose"
PLATES, BOWL, TEATOWEL = "Stoneware dinner plates, set of four", "Hand-thrown breakfast bowl", "Linen tea towel"  # fmt: skip
BATH, CANDLE, POT, THROW = "Waffle bath towel", "Soy wax candle, Fig & Cedar", "Enamel coffee pot", "Wool throw blanket"  # fmt: skip

POSTS: list[dict] = [
    # --- shops: launches tagging their products ---------------------------------------------
    S(AN, "nord-robe", "sofia", 330, "outdoor", [ROBE, PANTALON],
      "Nouvelle collection lin ☀️ La robe portefeuille revient en trois couleurs, coupée et "
      "cousue à Lille. #summer #linen #slowfashion"),
    S(AN, "nord-mariniere", "ines", 260, "flatlay", [MARINIERE],
      "La marinière en coton bio, maintenant avec vos initiales brodées (trois lettres). "
      "#slowfashion #personalised"),
    S(AN, "nord-manteau", "sofia", 150, "table", [MANTEAU, PULL, ECHARPE],
      "Pré-lancement : le manteau en laine bouillie et le pull marin en mérinos. Merci @chloe "
      "pour les essayages ! #autumn #slowfashion"),
    S(AN, "nord-cabas", "ines", 40, "outdoor", [CABAS, CHEMISE],
      "Le sac cabas en toile, assez grand pour le marché du samedi. #summer #market"),
    S(TC, "tc-yirga", "marc", 300, "table", [YIRGA, V60],
      "Nouvel arrivage : Éthiopie Yirgacheffe, notes de jasmin et de bergamote. Torréfié mardi. "
      "#coffee #pourover"),
    S(TC, "tc-kenya", "paul", 200, "flatlay", [KENYA],
      "Retour de Nyeri : le Kenya AA est là, fiche de traçabilité en ligne. Merci @yusuf pour la "
      "session de cupping ! #coffee #specialtycoffee"),
    S(TC, "tc-espresso", "marc", 90, "table", [ESPRESSO, C40, TASSE],
      "Notre Mélange Canal espresso avec le moulin C40 : le duo du matin. #espresso #coffee"),
    S(TC, "tc-coffret", "paul", 20, "flatlay", [COFFRET, TASSE],
      "Le coffret découverte trois origines, avec un prénom gravé sur la tasse si vous le "
      "souhaitez. Idée cadeau ! #giftideas #coffee"),
    S(KK, "kk-latz", "lena", 280, "flatlay", [LATZ],
      "Neu: unsere Latzhose aus Cord, jetzt mit Namensetikett. Nie wieder verlorene Hosen in "
      "der Kita! #NameOnTheLabel #kidsfashion"),
    S(KK, "kk-campaign", "lena", 230, "table", [MUETZE, RUCKSACK, MUSSELIN],
      "Unsere Kampagne startet: Zeigt uns euer Namensetikett mit #NameOnTheLabel, die schönsten "
      "Fotos kommen auf unsere Seite. #kidsfashion"),
    S(KK, "kk-rain", "lena", 120, "outdoor", [SOFTSHELL, REGENHOSE],
      "Regenwetter? Softshelljacke und Regenhose halten trocken. #kidsfashion #autumn"),
    S(KK, "kk-summer", "lena", 30, "outdoor", [MUSSELIN, HALSTUCH],
      "Sommer im Garten: Musselin-Kleid und Halstücher. #summer #kidsfashion"),
    S(FH, "fh-plates", "oliver", 310, "table", [PLATES, BOWL],
      "Fresh out of the kiln: stoneware dinner plates in the new oat glaze. Each one is a little "
      "different. #ceramics #handmade"),
    S(FH, "fh-towel", "oliver", 210, "flatlay", [BATH, THROW],
      "The waffle bath towel now takes a name on the label, perfect for shared bathrooms. Join "
      "the #NameOnTheLabel fun with @kinderkram! #giftideas"),
    S(FH, "fh-candle", "oliver", 100, "table", [CANDLE, POT],
      "Fig & Cedar is back. Light it, put the kettle on. #cosyhome"),
    S(FH, "fh-teatowel", "oliver", 10, "flatlay", [TEATOWEL],
      "Linen tea towels with your initials, embroidered in the studio. #giftideas #linen"),
    # --- people: hauls, looks and notes, with their own photos -----------------------------
    P("ana-haul", "ana", 300, "flatlay", [ROBE, PANTALON],
      "Little #haul from @atelier_nord: the linen wrap dress and the wide trousers. True to "
      "size, and the linen softens after one wash. #slowfashion #summer"),
    P("chloe-look", "chloe", 250, "outdoor", [MARINIERE, PANTALON],
      "Le #look du jour : marinière et pantalon large en lin. Avis honnête : les rayures sont "
      "tissées, pas imprimées 👌 #ootd #slowfashion"),
    P("yusuf-yirga", "yusuf", 290, "table", [YIRGA, V60],
      "Brewed the Yirgacheffe from @torrefaction on a V60: 15 g, 250 g water at 93 °C, 3:00. "
      "Bright, floral, no bitterness. #coffee #pourover"),
    P("noah-latz", "noah", 270, "outdoor", [LATZ],
      "Die Latzhose hat den Sandkasten überlebt. Mit Namen, natürlich. #NameOnTheLabel "
      "#kidsfashion"),
    P("emma-plates", "emma", 280, "table", [PLATES],
      "New plates from @fernhill for Sunday lunch. The glaze is even nicer in daylight. #ceramics"),
    P("yusuf-kenya-text", "yusuf", 190, None, [],
      "Cupping notes, Kenya Nyeri AA: blackcurrant, tomato leaf, a long sweet finish. One of the "
      "best lots this year. #coffee"),
    P("lucas-espresso", "lucas", 80, "table", [ESPRESSO],
      "Espresso du matin avec le Mélange Canal : chocolat, noisette. @yusuf tu conseilles quel "
      "ratio ? #espresso #coffee"),
    P("mia-cabas", "mia", 35, "outdoor", [CABAS],
      "Mein neuer Einkaufsbeutel: der Sac cabas von @atelier_nord. Passt alles vom Markt rein. "
      "#nachhaltig #summer"),
    P("jonas-grinder", "jonas", 180, "outdoor", [C40, KENYA],
      "Moulin C40 und Kenya AA: perfekter Start in die Radtour. #coffee"),
    P("ana-kenya", "ana", 170, "table", [KENYA],
      "Sunday pour-over with the Kenya AA. @yusuf was right about the blackcurrant. #coffee "
      "#pourover"),
    P("chloe-coat", "chloe", 140, "outdoor", [MANTEAU, ECHARPE],
      "Essayage du manteau en laine bouillie : chaud sans être lourd, avec l'écharpe en "
      "cachemire. #look #autumn"),
    P("noah-rain", "noah", 110, "outdoor", [SOFTSHELL, REGENHOSE],
      "Pfützenspringen-Test bestanden ☔ #kidsfashion"),
    P("emma-candle", "emma", 95, "table", [CANDLE, POT],
      "Fig & Cedar candle and the enamel pot on the stove. Proper cosy evening. #cosyhome"),
    P("mia-muetze", "mia", 150, "flatlay", [MUETZE],
      "Für meine Nichte: Mütze mit Bommel und ihrem Namen auf dem Etikett. #NameOnTheLabel "
      "#kidsfashion"),
    P("lucas-deca", "lucas", 130, "table", [DECA],
      "Le déca de Colombie à l'eau : enfin un déca qui a du goût. #coffee"),
    P("ana-towel", "ana", 190, "flatlay", [BATH],
      "Ordered the waffle towels with our names on the label: no more towel fights at home 😄 "
      "#NameOnTheLabel"),
    P("yusuf-kettle", "yusuf", 60, "table", [STAGG, C40],
      "Gear check: Stagg EKG kettle and the C40. Pour control makes a real difference for light "
      "roasts. #coffee #pourover"),
    P("chloe-summer", "chloe", 45, "outdoor", [ROBE, CABAS],
      "Robe portefeuille et cabas : la tenue d'été parfaite. #summer #ootd"),
    P("jonas-question", "jonas", 70, None, [],
      "Wer hat Tipps für Kaffee unterwegs? Nächste Woche fahre ich mit dem Rad an die Ostsee. "
      "#coffee"),
    P("noah-rucksack", "noah", 55, "flatlay", [RUCKSACK, KAPUZE],
      "Kinderrucksack mit Namen für den ersten Kita-Tag. #NameOnTheLabel #kidsfashion"),
    P("emma-bowl", "emma", 25, "table", [BOWL],
      "Porridge in the hand-thrown bowl from @fernhill. Morning ritual. #ceramics #breakfast"),
    P("ana-look", "ana", 15, "outdoor", [CHEMISE, PANTALON, BONNET],
      "Today's #look: linen shirt, wide trousers and the ribbed beanie for a windy walk. "
      "#slowfashion"),
    P("mia-throw", "mia", 75, "table", [THROW],
      "Wolldecke von @fernhill auf dem Sofa, Tee dazu. Der Herbst kann kommen. #cosyhome"),
    P("lucas-coffret", "lucas", 28, "flatlay", [COFFRET, GUATE],
      "Offert à mon frère : le coffret trois origines. Il a adoré le Guatemala. #giftideas "
      "#coffee"),
    P("ines-studio", "ines", 65, "flatlay", [MARINIERE],
      "À l'atelier aujourd'hui : broderie d'initiales sur les marinières. #slowfashion "
      "#behindthescenes"),
    P("paul-cupping", "paul", 160, "table", [GUATE],
      "Cupping du Huehuetenango ce matin avec @marc : pomme cuite et cacao. #coffee"),
    P("jonas-cerrado", "jonas", 12, "table", [CERRADO],
      "Brésil Cerrado als Filterkaffee: nussig und süß, mein Alltagskaffee. #coffee"),
    P("noah-schlafsack", "noah", 8, "flatlay", [SCHLAFSACK],
      "Schlafsack aus Musselin: das Baby schläft, Papa auch. #kidsfashion"),
    P("emma-teatowel", "emma", 5, "flatlay", [TEATOWEL],
      "Tea towels with my initials from @fernhill arrived. Almost too nice to use. #linen "
      "#giftideas"),
    P("yusuf-compare", "yusuf", 3, "table", [HUILA, KENYA],
      "Colombia Huila next to the Kenya: one sweet, one juicy. Which one do you prefer? #coffee "
      "#cupping"),
    P("ana-gift", "ana", 2, None, [COFFRET],
      "Thinking about the coffee gift box for my dad's birthday. Anyone tried it? #giftideas"),
]  # fmt: skip

# post key -> [(author, text, [(reply author, reply text), ...]), ...]
COMMENTS: dict[str, list[tuple[str, str, list[tuple[str, str]]]]] = {
    "nord-robe": [("chloe", "Elle existe en taille 34 ?", [("sofia", "Oui, du 34 au 46 !")]),
                  ("ana", "Ordered the sage one 💚", [])],
    "tc-yirga": [("yusuf", "Lovely lot. Try it at 1:16.", [("marc", "Merci Yusuf !")]),
                 ("lucas", "Déjà commandé.", [])],
    "kk-campaign": [("noah", "Wir sind dabei!", [("lena", "Super, wir freuen uns auf eure Fotos!")]),
                    ("mia", "Tolle Idee 😍", [])],
    "ana-haul": [("chloe", "Trop belle sur toi !", [("ana", "Merci Chloé 😊")]),
                 ("emma", "The trousers look so comfy.", [])],
    "yusuf-yirga": [("ana", "Trying this recipe tomorrow.", [("yusuf", "Let me know how it goes!")]),
                    ("lucas", "93 °C même pour un lavé ?",
                     [("yusuf", "Yes, light roasts like it hot.")])],
    "lucas-espresso": [("yusuf", "Start at 1:2 in 28 s, then taste.", [("lucas", "Merci !")])],
    "fh-plates": [("emma", "Do they go in the dishwasher?",
                   [("oliver", "Yes, dishwasher and oven safe.")])],
    "chloe-look": [("ana", "Need those trousers.", []), ("mia", "Steht dir super!", [])],
    "ana-towel": [("oliver", "Thanks Ana, enjoy them!", []),
                  ("noah", "Gute Idee, brauchen wir auch.", [])],
    "jonas-question": [("yusuf", "An AeroPress and a hand grinder, done.", [("jonas", "Danke!")]),
                       ("lucas", "Le C40 tient dans une sacoche.", [])],
    "yusuf-compare": [("ana", "The Kenya, every time.", []), ("jonas", "Colombia!", []),
                      ("lucas", "Kenya pour moi.", [])],
    "ana-gift": [("lucas", "Je l'ai offert à mon frère, il a adoré !",
                  [("ana", "Sold, thanks Lucas!")]),
                 ("paul", "On peut graver un prénom sur la tasse 😉", [])],
    "noah-latz": [("lena", "Danke fürs Zeigen, Noah!", [])],
    "emma-candle": [("ana", "Ok, that looks so cosy.", [])],
    "ana-look": [("chloe", "Très joli look !", []), ("sofia", "Merci Ana 🙏", [])],
}  # fmt: skip

# (post key, who reposts it, hours after the post)
REPOSTS: list[tuple[str, str, int]] = [
    ("nord-robe", "chloe", 3), ("nord-manteau", "chloe", 5), ("tc-yirga", "yusuf", 2),
    ("tc-kenya", "yusuf", 1), ("kk-campaign", "noah", 4), ("kk-campaign", "mia", 6),
    ("fh-plates", "emma", 8), ("fh-towel", "mia", 2), ("yusuf-yirga", "lucas", 5),
    ("ines-studio", "chloe", 4), ("paul-cupping", "yusuf", 6), ("jonas-cerrado", "lucas", 3),
    ("kk-latz", "noah", 12), ("yusuf-kettle", "jonas", 9),
]  # fmt: skip

# Chance that a person likes a post they can see (shops' posts, everyone else's posts).
LIKE_CHANCE = {"shop": 0.55, "person": 0.4}
