from facilities.models.associations import Association, Membership
from facilities.models.buildings import Building, OpeningException, OpeningHours
from facilities.models.municipality import Municipality, Occupancy, Unit
from facilities.models.spaces import Amenity, Space, SpacePolicy

__all__ = [
    "Amenity",
    "Association",
    "Building",
    "Membership",
    "Municipality",
    "Occupancy",
    "OpeningException",
    "OpeningHours",
    "Space",
    "SpacePolicy",
    "Unit",
]
