"""The demo catalogue: 44 products over four shops, written in each shop's language.

Prices are minor units (cents). Variants are every combination of the product's options;
`prices` overrides the price of the variants carrying a given option value (a 1 kg bag).
"""

from __future__ import annotations

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzÀÂÄÇÉÈÊËÎÏÔÖÙÛÜàâäçéèêëîïôöùûüß -"
CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _field(name, max_length, allowed, surcharge):
    return {
        "name": name,
        "max_length": max_length,
        "allowed_characters": allowed,
        "surcharge": surcharge,
    }


PERSONALIZATION = {
    "name_label": _field("Name on the label", 12, LETTERS, 300),
    "initials": _field("Embroidered initials", 3, CAPITALS, 400),
    "name_label_de": _field("Name auf dem Etikett", 12, LETTERS, 300),
    "initials_de": _field("Gestickte Initialen", 3, CAPITALS, 400),
    "initials_fr": _field("Initiales brodées", 3, CAPITALS, 500),
    "engraved_fr": _field("Prénom gravé", 12, LETTERS, 300),
    "gift_fr": _field("Message cadeau", 80, "", 0),
}

COLORS = {
    # fr
    "Sauge": "#7a8f6b", "Terracotta": "#c8643c", "Encre": "#1f2a44", "Camel": "#c19a6b",
    "Anthracite": "#3b3f45", "Blanc": "#e9e4da", "Noir": "#2b2b2e", "Sable": "#d8c3a0",
    "Marine": "#1f2a44", "Écru": "#e8dfcc", "Bleu ciel": "#8fb3d9", "Gris chiné": "#9a9a9e",
    "Rouille": "#a4502a", "Moutarde": "#d4a22a", "Naturel": "#d9cbb0", "Rayé bleu": "#4a6fa5",
    "Bleu de travail": "#2f5d8f", "Olive": "#6b6b3a", "Rouge": "#b0413e", "Noir mat": "#2b2b2e",
    "Blanc mat": "#e9e4da", "Bleu canal": "#2f6f8f", "Crème": "#efe3c8",
    # de
    "Senf": "#d4a22a", "Salbei": "#8fa38a", "Rost": "#a4502a", "Blau-Weiß": "#2f5d8f",
    "Rot-Weiß": "#b0413e", "Altrosa": "#d19a9a", "Mint": "#9ccfb8", "Grau": "#8d8d92",
    "Rosa": "#e3a6b4", "Dunkelblau": "#23395d", "Gelb": "#e8c23a", "Grau meliert": "#a3a3a8",
    "Ocker": "#c58b2b", "Tannengrün": "#2f5d46", "Himmelblau": "#8fc1e3", "Fuchs": "#d9772b",
    "Wal": "#3f6fa0", "Sterne": "#23395d", "Punkte": "#c8643c",
    # en
    "Oat": "#d8c8a8", "Slate": "#5a6470", "Sage": "#8fa38a", "Natural": "#d9cbb0",
    "Indigo stripe": "#2f4b7c", "White": "#ece8e1", "Clay": "#b8735a", "Cream": "#efe3c8",
    "Forest": "#2f5d46", "Moss": "#6b7b3a",
}  # fmt: skip

WOMEN = ["XS", "S", "M", "L"]
ADULT = ["S", "M", "L", "XL"]
KIDS = ["92", "98", "104", "110", "116", "122", "128"]
BABY = ["62", "68", "74", "80", "86"]
GRIND = ["Grains", "Espresso", "Filtre", "Piston"]


def P(shop, sku, title, brand, category, price, shape, description, **extra):  # noqa: PLR0917
    return {
        "shop": shop,
        "sku": sku,
        "title": title,
        "brand": brand,
        "category": category,
        "price": price,
        "shape": shape,
        "description": description,
        "options": extra.get("options", {}),
        "prices": extra.get("prices", {}),
        "color": extra.get("color"),
        "stripes": extra.get("stripes"),
        "label": extra.get("label", ""),
        "personalization": extra.get("personalization", []),
        "status": extra.get("status", "active"),
        "angles": extra.get("angles", ["front"]),
        "stock": extra.get("stock", {}),  # {option value: units}, else a random level
    }


ALL_ANGLES = ["front", "back", "detail"]
AN, TC, KK, FH = "atelier_nord", "torrefaction", "kinderkram", "fernhill"


def _bean(sku, title, price, kilo, color, description, **extra):  # noqa: PLR0917
    return P(TC, sku, title, "Torréfaction du Canal", "Coffee/Beans", price, "coffee_bag",
             description, options={"weight": ["250 g", "1 kg"], "grind": GRIND},
             prices={"1 kg": kilo}, color=color, label=title, **extra)  # fmt: skip


PRODUCTS = [
    # --- Atelier Nord (fr) ---------------------------------------------------------------
    P(AN, "AN-ROBE-LIN", "Robe portefeuille en lin", "Atelier Nord", "Apparel/Women", 14900,
      "dress", "Lin lavé européen, coupe portefeuille qui se noue à la taille. Mi-longue, "
      "poches invisibles, se porte de mai à septembre.",
      options={"color": ["Sauge", "Terracotta", "Encre"], "size": WOMEN}, angles=ALL_ANGLES),
    P(AN, "AN-MARINIERE", "Marinière en coton bio", "Atelier Nord", "Apparel/Men", 5900,
      "tshirt", "La rayure bretonne en jersey épais de coton biologique, tricoté en France. "
      "Coupe droite, encolure bateau.",
      options={"color": ["Marine", "Rouge"], "size": ADULT}, stripes="#f4efe6",
      personalization=["initials_fr"], angles=ALL_ANGLES),
    P(AN, "AN-MANTEAU", "Manteau en laine bouillie", "Atelier Nord", "Apparel/Women", 28900,
      "coat", "Laine bouillie du Tyrol, chaude et légère, sans doublure. Croisé, deux poches "
      "plaquées, boutons en corozo.",
      options={"color": ["Camel", "Anthracite"], "size": WOMEN}, angles=ALL_ANGLES),
    P(AN, "AN-TEE", "T-shirt essentiel", "Atelier Nord", "Apparel/Men", 3500, "tshirt",
      "Jersey de coton bio 180 g/m², col rond côtelé. Le t-shirt qu'on rachète chaque année.",
      options={"color": ["Blanc", "Noir", "Sable"], "size": ADULT}),
    P(AN, "AN-PULL-MARIN", "Pull marin en mérinos", "Atelier Nord", "Apparel/Men", 12900,
      "sweater", "Maille serrée en laine mérinos extra-fine, épaule boutonnée. Ne gratte pas.",
      options={"color": ["Marine", "Écru"], "size": ADULT}, angles=["front", "back"]),
    P(AN, "AN-CHEMISE-LIN", "Chemise en lin lavé", "Atelier Nord", "Apparel/Men", 8900, "shirt",
      "Lin lavé à la pierre, col classique, poche poitrine. Plus douce à chaque lavage.",
      options={"color": ["Blanc", "Bleu ciel"], "size": ADULT}),
    P(AN, "AN-PANTALON", "Pantalon large en lin", "Atelier Nord", "Apparel/Women", 9900,
      "trousers", "Taille haute élastiquée au dos, jambes amples, longueur cheville.",
      options={"color": ["Sable", "Noir"], "size": WOMEN}),
    P(AN, "AN-ECHARPE", "Écharpe en cachemire", "Atelier Nord", "Apparel/Accessories", 11900,
      "scarf", "Cachemire de Mongolie tissé en Écosse, 180 × 30 cm, franges courtes.",
      options={"color": ["Gris chiné", "Camel", "Rouille"]}, personalization=["initials_fr"]),
    P(AN, "AN-CABAS", "Sac cabas en toile", "Atelier Nord", "Apparel/Accessories", 4500, "tote",
      "Toile de coton épaisse, anses longues, poche intérieure zippée. Porte un ordinateur 15\".",
      options={"color": ["Naturel", "Noir"]}, personalization=["initials_fr"]),
    P(AN, "AN-BONNET", "Bonnet côtelé", "Atelier Nord", "Apparel/Accessories", 3900, "beanie",
      "Côtes 2×2 en laine recyclée, revers large. Taille unique.",
      options={"color": ["Moutarde", "Marine", "Écru"]}),
    P(AN, "AN-ROBE-CHEMISE", "Robe chemise en popeline", "Atelier Nord", "Apparel/Women", 12500,
      "dress", "Popeline de coton, boutonnée devant, ceinture amovible. Collection d'été.",
      options={"color": ["Blanc", "Rayé bleu"], "size": WOMEN}, status="draft"),
    P(AN, "AN-VESTE-TRAVAIL", "Veste de travail en sergé", "Atelier Nord", "Apparel/Men", 15900,
      "coat", "Sergé de coton lourd, trois poches plaquées, coudes renforcés. Patine avec le temps.",
      options={"color": ["Bleu de travail", "Olive"], "size": ADULT}),
    # --- Torréfaction du Canal (fr) ------------------------------------------------------
    _bean("TC-ETHIOPIE", "Éthiopie Yirgacheffe", 1290, 4290, "#c0803a",
          "Lavé, variétés heirloom, 1 900 m. Notes de jasmin, bergamote et pêche blanche. "
          "Torréfaction claire, idéal en filtre.", angles=ALL_ANGLES),
    _bean("TC-COLOMBIE", "Colombie Huila", 1150, 3890, "#8a5a2b",
          "Caturra et Castillo, lavé. Caramel, pomme rouge, finale chocolatée."),
    _bean("TC-BRESIL", "Brésil Cerrado", 990, 3290, "#6b4f3a",
          "Nature, torréfaction moyenne. Noisette, cacao, corps rond : la base de nos espressos."),
    _bean("TC-KENYA", "Kenya Nyeri AA", 1490, 4990, "#9c3d2e",
          "SL28 et SL34, double fermentation. Cassis, pamplemousse rose, acidité éclatante."),
    _bean("TC-GUATEMALA", "Guatemala Huehuetenango", 1190, 3990, "#7d6a3a",
          "Bourbon lavé d'altitude. Sucre de canne, orange sanguine, amande."),
    _bean("TC-CANAL", "Mélange Canal espresso", 1050, 3490, "#3b2a20",
          "Brésil et Colombie. Chocolat noir et praliné, tient très bien le lait.",
          angles=["front", "back"]),
    _bean("TC-DECA", "Décaféiné Colombie à l'eau", 1190, 3990, "#5a6b4f",
          "Décaféiné au procédé Swiss Water, sans solvant. Tout le goût, sans l'insomnie."),
    _bean("TC-HONDURAS", "Honduras Marcala, lot de saison", 1390, 4590, "#a06a3a",
          "Micro-lot en précommande, arrivée prévue le mois prochain.", status="draft"),
    P(TC, "TC-COFFRET", "Coffret découverte trois origines", "Torréfaction du Canal",
      "Coffee/Beans", 3490, "coffee_bag", "Trois sachets de 250 g : Éthiopie, Colombie, Kenya. "
      "Carte manuscrite et fiche de dégustation.", options={"grind": GRIND}, color="#2f6f8f",
      label="Coffret découverte", personalization=["gift_fr"]),
    P(TC, "TC-V60", "Dripper V60 en céramique", "Hario", "Coffee/Equipment", 2900, "dripper",
      "Le cône à spirale qui a popularisé le café filtre. Céramique d'Arita, taille 02.",
      options={"color": ["Blanc", "Rouge"]}),
    P(TC, "TC-C40", "Moulin manuel C40", "Comandante", "Coffee/Equipment", 27500, "grinder",
      "Meules en acier à haute teneur en azote, mouture régulière de l'espresso au piston.",
      color="#6b4f3a", angles=["front", "detail"]),
    P(TC, "TC-STAGG", "Bouilloire col de cygne Stagg EKG", "Fellow", "Coffee/Equipment", 19900,
      "kettle", "Électrique, température au degré près, bec verseur de précision.",
      options={"color": ["Noir mat", "Blanc mat"]}),
    P(TC, "TC-TASSE", "Tasse en grès émaillé", "Torréfaction du Canal", "Coffee/Equipment",
      2400, "mug", "Tournée à la main à Saint-Amand, 250 ml, passe au lave-vaisselle.",
      options={"color": ["Bleu canal", "Crème"]}, personalization=["engraved_fr"],
      angles=["front", "back"]),
    # --- Kinderkram (de) -----------------------------------------------------------------
    P(KK, "KK-LATZHOSE", "Latzhose aus Cord", "Kinderkram", "Apparel/Kids", 4490, "dungarees",
      "Breitcord aus Bio-Baumwolle, verstellbare Träger, Knie doppelt verstärkt. Wächst mit: "
      "Saum zum Auslassen.", options={"color": ["Senf", "Salbei", "Rost"], "size": KIDS[:6]},
      personalization=["name_label_de"], angles=ALL_ANGLES),
    P(KK, "KK-RINGELSHIRT", "Ringelshirt aus Bio-Baumwolle", "Kinderkram", "Apparel/Kids", 1990,
      "tshirt", "Weicher Jersey, GOTS-zertifiziert, mit Druckknöpfen an der Schulter.",
      options={"color": ["Blau-Weiß", "Rot-Weiß"], "size": KIDS}, stripes="#f7f3ea"),
    P(KK, "KK-MUSSELINKLEID", "Musselin-Kleid", "Kinderkram", "Apparel/Kids", 3990, "dress",
      "Doppellagiger Musselin, luftig im Sommer, mit Taschen (natürlich).",
      options={"color": ["Altrosa", "Mint"], "size": KIDS}, personalization=["name_label_de"],
      angles=["front", "back"]),
    P(KK, "KK-MUETZE", "Strickmütze mit Bommel", "Kinderkram", "Apparel/Kids", 2290, "beanie",
      "Merinowolle, innen mit Baumwolle gefüttert, kratzt nicht.",
      options={"color": ["Senf", "Grau", "Rosa"], "size": ["S (1–3 J.)", "M (4–6 J.)"]},
      personalization=["name_label_de"]),
    # Sold through comments ("SOLD 104") in the demo's comment-to-buy post: few left.
    P(KK, "KK-MOHNKLEID", "Sommerkleid Mohnblume", "Kinderkram", "Apparel/Kids", 3490, "dress",
      "Leichter Baumwoll-Batist mit Mohnblumendruck, Puffärmel, Knöpfe im Rücken. Kleine "
      "Auflage.", options={"size": KIDS[:5]}, stock={"104": 3, "110": 2}, color="#d8452f"),
    P(KK, "KK-SOFTSHELL", "Softshelljacke", "Kinderkram", "Apparel/Kids", 5990, "coat",
      "Wind- und wasserabweisend, PFC-frei, Fleece innen, Reflektoren an den Ärmeln.",
      options={"color": ["Dunkelblau", "Gelb"], "size": KIDS}),
    P(KK, "KK-PUMPHOSE", "Pumphose aus Jersey", "Kinderkram", "Apparel/Kids", 1790, "trousers",
      "Für die Allerkleinsten: breiter Bund, Bündchen an den Beinen, viel Platz für Windeln.",
      options={"color": ["Grau meliert", "Ocker"], "size": BABY}),
    P(KK, "KK-HOODIE", "Kapuzenpullover", "Kinderkram", "Apparel/Kids", 3490, "sweater",
      "French Terry aus Bio-Baumwolle, Kängurutasche, Kapuze ohne Kordel (kitatauglich).",
      options={"color": ["Tannengrün", "Himmelblau"], "size": KIDS},
      personalization=["initials_de"]),
    P(KK, "KK-SCHLAFSACK", "Schlafsack aus Musselin", "Kinderkram", "Home/Textiles", 4990,
      "blanket", "Leichter Sommerschlafsack, 0,5 TOG, Reißverschluss seitlich.",
      options={"size": ["70 cm", "90 cm"]}, prices={"90 cm": 5490}, color="#9ccfb8"),
    P(KK, "KK-RUCKSACK", "Kinderrucksack", "Kinderkram", "Apparel/Accessories", 3290, "tote",
      "Sechs Liter, Brustgurt, passt genau eine Brotdose und ein Kuscheltier.",
      options={"color": ["Fuchs", "Wal"]}, personalization=["name_label_de"]),
    P(KK, "KK-HALSTUCH", "Halstuch im 2er-Set", "Kinderkram", "Apparel/Accessories", 1490,
      "scarf", "Zwei Dreieckstücher mit Druckknopf, aus Musselin.",
      options={"color": ["Sterne", "Punkte"]}),
    P(KK, "KK-REGENHOSE", "Regenhose", "Kinderkram", "Apparel/Kids", 2990, "trousers",
      "Matschfest, verschweißte Nähte, Gummizug unter dem Fuß.",
      options={"color": ["Gelb", "Dunkelblau"], "size": KIDS[:5]}),
    P(KK, "KK-BODY", "Body mit Knopfleiste, 3er-Pack", "Kinderkram", "Apparel/Kids", 2790,
      "tshirt", "Drei Bodys in Naturtönen, Knopfleiste vorne.",
      options={"size": BABY}, color="#e8dfcc", status="draft"),
    # --- Fernhill Home (en) --------------------------------------------------------------
    P(FH, "FH-PLATES", "Stoneware dinner plates, set of four", "Fernhill", "Home/Kitchen", 4800,
      "plates", "Thrown on the wheel and glazed by hand, so no two are quite alike. 27 cm, "
      "dishwasher safe.", options={"color": ["Oat", "Slate"]}, angles=["front", "detail"]),
    P(FH, "FH-BOWL", "Hand-thrown breakfast bowl", "Fernhill", "Home/Kitchen", 2200, "bowl",
      "A deep 15 cm bowl for porridge, ramen or soup. Speckled clay, satin glaze.",
      options={"color": ["Oat", "Sage", "Slate"]}),
    P(FH, "FH-TEATOWEL", "Linen tea towel", "Fernhill", "Home/Textiles", 1400, "towel",
      "Heavy Lithuanian linen that dries glasses without lint. 50 × 70 cm, hanging loop.",
      options={"color": ["Natural", "Indigo stripe"]}, personalization=["initials"]),
    P(FH, "FH-BATHTOWEL", "Waffle bath towel", "Fernhill", "Home/Textiles", 3900, "towel",
      "Cotton waffle weave: light, quick to dry, softer with every wash.",
      options={"color": ["White", "Clay"], "size": ["Hand", "Bath"]}, prices={"Hand": 2400},
      personalization=["name_label"], angles=["front", "back"]),
    P(FH, "FH-CANDLE", "Soy wax candle, Fig & Cedar", "Fernhill", "Home/Living", 2600, "candle",
      "Poured into our own stoneware jar; when it's done, keep the jar for your brushes.",
      options={"size": ["180 g", "300 g"]}, prices={"300 g": 3600}, color="#b8735a",
      label="Fig & Cedar"),
    P(FH, "FH-COFFEEPOT", "Enamel coffee pot", "Fernhill", "Home/Kitchen", 4500, "kettle",
      "Enamelled steel, works on gas, induction and the campfire. 1.2 litres.",
      options={"color": ["Cream", "Forest"]}),
    P(FH, "FH-THROW", "Wool throw blanket", "Fernhill", "Home/Textiles", 12900, "blanket",
      "Woven from British wool in a small Yorkshire mill. 130 × 180 cm.",
      options={"color": ["Moss", "Oat"]}, personalization=["name_label"]),
]  # fmt: skip


def product_color(spec: dict) -> str:
    """The swatch colour of a product spec: its own, else its first colour option's."""
    colors = spec["options"].get("color")
    if spec["color"]:
        return spec["color"]
    return COLORS.get(colors[0], "#8d8d92") if colors else "#8d8d92"
