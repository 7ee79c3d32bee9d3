from .areas import District, Province, Regency, Village

__all__ = ["District", "Province", "Regency", "Village"]
